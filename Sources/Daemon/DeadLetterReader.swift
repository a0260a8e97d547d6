import Logging
import StarSchema

/// Reads STARSINK_REJECTED for `starsink dead-letters list|show`, page by page in position order.
package struct DeadLetterReader {
    package let session: WarehouseSession

    package init(session: WarehouseSession) { self.session = session }

    /// Rows per query: enough to make paging cheap, few enough to keep each answer small.
    static let pageSize = 1000

    /// Every dead letter matching `filter`, without payloads (each with its payload's stored length).
    package func list(_ filter: DeadLetterFilter) throws(WarehouseError) -> [(
        letter: StoredDeadLetter, payloadLength: Int
    )] {
        var letters: [(letter: StoredDeadLetter, payloadLength: Int)] = []
        var after: SourcePosition?
        while true {
            let page = try page(filter, after: after, limit: Self.pageSize, payload: false)
            letters += page
            guard page.count == Self.pageSize, let last = page.last else { return letters }
            after = last.letter.position
        }
    }

    /// The dead letters at one position, with payloads: one, or one per topic when no topic is given.
    package func show(_ filter: DeadLetterFilter) throws(WarehouseError) -> [StoredDeadLetter] {
        try page(filter, after: nil, limit: 10, payload: true).map(\.letter)
    }

    /// One keyset page, read in its own short transaction (no locks are kept while the caller prints).
    func page(_ filter: DeadLetterFilter, after: SourcePosition?, limit: Int, payload: Bool)
        throws(WarehouseError) -> [(letter: StoredDeadLetter, payloadLength: Int)]
    {
        let statements = session.statements
        defer { session.rollbackQuietly() }
        let rows = try session.query(statements.deadLetters(filter, after: after, limit: limit, payload: payload))
        var letters: [(letter: StoredDeadLetter, payloadLength: Int)] = []
        for row in rows {
            guard let parsed = statements.parseStoredDeadLetter(row) else {
                throw WarehouseError(
                    kind: .other, sqlstate: "",
                    message: "unexpected row in starsink_rejected: \(row.prefix(3).map { $0 ?? "NULL" })")
            }
            letters.append(parsed)
        }
        return letters
    }
}
