/// A value bound as a statement parameter. The ODBC layer maps it to its own binding type;
/// StarSchema stays free of C types.
package enum SQLValue: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int64)
}
