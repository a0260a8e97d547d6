import StarSchema

/// An executor that runs a real warehouse and keeps every answer it gave, in order.
final class CapturingExecutor: StatementExecutor {
    private let inner: WarehouseSession
    private(set) var answers: [[[String?]]] = []
    var sessionIsSetUp: Bool {
        get { inner.sessionIsSetUp }
        set { inner.sessionIsSetUp = newValue }
    }

    init(_ inner: WarehouseSession) { self.inner = inner }

    func query(_ statement: BoundStatement) throws(WarehouseError) -> [[String?]] {
        let rows = try inner.query(statement)
        answers.append(rows)
        return rows
    }

    func execute(_ statement: BoundStatement) throws(WarehouseError) -> Int { try inner.execute(statement) }
    func executeArray(_ statement: ArrayStatement) throws(WarehouseError) -> Int { try inner.executeArray(statement) }
    func commit() throws(WarehouseError) { try inner.commit() }
}
