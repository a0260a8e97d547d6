/// How a result column is read from SQL and shown.
package enum ReportColumnKind: Sendable {
    case text
    case integer
    /// Read as integer cents, shown with two decimals: money is summed exactly in every dialect.
    case money
}
