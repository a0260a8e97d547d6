import StarSchema

/// One statement as `starsink sql` prints it.
package enum RecordedStatement: Sendable {
    /// `rows`: for a query, the rows the planner was given; `expectedRows`: a fence's row count.
    case statement(BoundStatement, rows: [[String?]]?, expectedRows: Int?)
    case array(ArrayStatement)
    case commit
    /// A query whose result must equal `rows` once every batch ran (`--checks`).
    case check(name: String, statement: BoundStatement, rows: [[String?]])
    /// A line for people reading the text form: which batch follows.
    case comment(String)
}
