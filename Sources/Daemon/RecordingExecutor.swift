import StarSchema

/// An executor that runs nothing: it records each statement and answers every query with the rows
/// another dialect's warehouse gave for the same question (`CapturingExecutor`), so the batch plans
/// exactly as it did there. Fences report the count they expect; array inserts their row count.
final class RecordingExecutor: StatementExecutor {
    private var answers: ArraySlice<[[String?]]>
    private(set) var recorded: [RecordedStatement] = []
    var sessionIsSetUp = false

    init(answers: [[[String?]]]) { self.answers = answers[...] }

    /// Queries asked beyond the answers given: the dialects' batch paths disagree, a bug.
    private(set) var unansweredQueries = 0
    var remainingAnswers: Int { answers.count }

    func query(_ statement: BoundStatement) throws(WarehouseError) -> [[String?]] {
        guard let rows = answers.popFirst() else {
            unansweredQueries += 1
            recorded.append(.statement(statement, rows: [], expectedRows: nil))
            return []
        }
        recorded.append(.statement(statement, rows: rows, expectedRows: nil))
        return rows
    }

    func execute(_ statement: BoundStatement) throws(WarehouseError) -> Int {
        recorded.append(.statement(statement, rows: nil, expectedRows: nil))
        return 0
    }

    func executeArray(_ statement: ArrayStatement) throws(WarehouseError) -> Int {
        recorded.append(.array(statement))
        return statement.rows.count
    }

    func run(_ step: WarehouseStep) throws(WarehouseError) -> Int {
        switch step {
        case .statement(let statement, let expected):
            recorded.append(.statement(statement, rows: nil, expectedRows: expected))
            return expected ?? 0
        case .lock(let statement):
            recorded.append(.statement(statement, rows: nil, expectedRows: nil))
            return 1
        case .array(let array):
            return try executeArray(array)
        }
    }

    func commit() throws(WarehouseError) { recorded.append(.commit) }

    func comment(_ text: String) { recorded.append(.comment(text)) }
}
