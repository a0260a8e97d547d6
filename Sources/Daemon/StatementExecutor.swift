import StarSchema

/// What a batch transaction needs from a warehouse connection. `WarehouseSession` runs the
/// statements; `starsink sql` records them instead (`RecordingExecutor`).
package protocol StatementExecutor: AnyObject {
    /// Runs a query; every column as text, nil for NULL.
    func query(_ statement: BoundStatement) throws(WarehouseError) -> [[String?]]
    /// Runs a statement; returns its row count (-1 when the driver does not know).
    func execute(_ statement: BoundStatement) throws(WarehouseError) -> Int
    /// Runs an array-bound INSERT; returns the rows it inserted.
    func executeArray(_ statement: ArrayStatement) throws(WarehouseError) -> Int
    func commit() throws(WarehouseError)
    /// The connection's once-per-session statements (`WarehouseStatements.sessionSetup`) ran.
    var sessionIsSetUp: Bool { get set }
    /// Runs one step; returns its row count (the caller checks fences).
    func run(_ step: WarehouseStep) throws(WarehouseError) -> Int
}

extension StatementExecutor {
    package func run(_ step: WarehouseStep) throws(WarehouseError) -> Int {
        switch step {
        case .statement(let statement, _), .lock(let statement): try execute(statement)
        case .array(let array): try executeArray(array)
        }
    }
}
