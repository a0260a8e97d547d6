/// A report's SQL and the shape of its result.
package struct ReportQuery: Sendable {
    package var name: ReportName
    package var columns: [(name: String, kind: ReportColumnKind)]
    package var statement: BoundStatement
    /// Turns one SQL row into the displayed row (a few reports compute a column in Swift).
    package var columnsFromSQL: [(name: String, kind: ReportColumnKind)]
}
