/// The statements of `starsink dead-letters`: reading STARSINK_REJECTED page by page, and, inside a
/// replay's batch transaction, locking and removing the rows it re-submits.
extension WarehouseStatements {
    /// The columns every dead-letter read returns, in `parseStoredDeadLetter`'s order; the payload
    /// (last) only when asked: listing thousands of rows needs none of it.
    private func deadLetterColumns(payload: Bool, alias: String = "") -> String {
        let columns =
            [
                "topic", "kafka_partition", "kafka_offset", "rejected_at", "error_code", "error_detail",
                "payload_encoding", "LENGTH(payload)",
            ] + (payload ? ["payload"] : [])
        return columns.map { $0.hasPrefix("LENGTH(") ? "LENGTH(\(alias)payload)" : alias + $0 }.joined(separator: ", ")
    }

    private var keyOrder: String { "topic, kafka_partition, kafka_offset" }

    /// Up to `limit` dead letters matching `filter`, in position order, after `after` (keyset paging:
    /// rows a replay rewrites behind the cursor are not read twice).
    package func deadLetters(_ filter: DeadLetterFilter, after: SourcePosition?, limit: Int, payload: Bool = false)
        -> BoundStatement
    {
        var conditions: [String] = []
        var parameters: [SQLValue] = []
        if !filter.codes.isEmpty {
            let (condition, parameter) = membership("error_code", filter.codes)
            conditions.append(condition)
            parameters.append(parameter)
        }
        if let since = filter.since {
            // SQLite keeps timestamps as text in this same format; a CAST there would make it a number.
            conditions.append(dialect == .sqlite ? "rejected_at >= ?" : "rejected_at >= CAST(? AS \(timestampType))")
            parameters.append(.text(since.sqlText))
        }
        if let topic = filter.topic {
            conditions.append("topic = ?")
            parameters.append(.text(topic))
        }
        if let partition = filter.partition {
            conditions.append("kafka_partition = ?")
            parameters.append(.integer(Int64(partition)))
        }
        if let offset = filter.offset {
            conditions.append("kafka_offset = ?")
            parameters.append(.integer(offset))
        }
        if let after {
            conditions.append(
                "(topic > ? OR (topic = ? AND (kafka_partition > ? OR (kafka_partition = ? AND kafka_offset > ?))))")
            parameters += [
                .text(after.topic), .text(after.topic), .integer(Int64(after.partition)),
                .integer(Int64(after.partition)),
                .integer(after.offset),
            ]
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return BoundStatement(
            sql: """
                SELECT \(deadLetterColumns(payload: payload)) FROM \(t("starsink_rejected"))\(whereClause)
                ORDER BY \(keyOrder) LIMIT \(max(1, limit))
                """, parameters: parameters)
    }

    /// The dead letters at `positions`, with their payloads, re-read inside the replay transaction.
    /// PostgreSQL locks them (`FOR UPDATE`), so a concurrent replay waits and then finds them gone;
    /// Snowflake has no row locks, but every write of the replay runs under its writer lock row and
    /// is idempotent against what is read there; SQLite's write lock is taken first (`sqliteWriteLock`).
    package func lockDeadLetters(_ positions: [SourcePosition]) -> BoundStatement {
        let (source, parameters) = positionSource(positions)
        let lock = dialect == .postgresql ? " FOR UPDATE OF r" : ""
        return BoundStatement(
            sql: """
                SELECT \(deadLetterColumns(payload: true, alias: "r.")) FROM \(t("starsink_rejected")) AS r JOIN \(source)
                  ON r.topic = u.topic AND r.kafka_partition = u.kafka_partition AND r.kafka_offset = u.kafka_offset
                ORDER BY r.topic, r.kafka_partition, r.kafka_offset\(lock)
                """, parameters: parameters)
    }

    /// SQLite: a write that matches nothing takes the database's write lock now, as `BEGIN IMMEDIATE`
    /// would. Read first and write later, a transaction in WAL mode fails with SQLITE_BUSY as soon as
    /// another process (the daemon) commits in between.
    package var sqliteWriteLock: BoundStatement { BoundStatement(sql: "DELETE FROM \(t("starsink_rejected")) WHERE 0") }

    /// Removes the dead letters at `positions` (a replay: loaded, or failing now for another reason,
    /// which the batch's own dead-letter insert then stores).
    package func deleteDeadLetters(_ positions: [SourcePosition], into writer: inout BatchWriter) {
        guard !positions.isEmpty else { return }
        let (source, parameters) = positionSource(positions)
        let sql =
            switch dialect {
            case .sqlite:
                // SQLite's DELETE has no USING.
                "DELETE FROM \(t("starsink_rejected")) WHERE (\(keyOrder)) IN (SELECT u.topic, u.kafka_partition, u.kafka_offset FROM \(source))"
            case .postgresql, .snowflake:
                """
                DELETE FROM \(t("starsink_rejected")) AS r USING \(source)
                WHERE r.topic = u.topic AND r.kafka_partition = u.kafka_partition AND r.kafka_offset = u.kafka_offset
                """
            }
        writer.append(BoundStatement(sql: sql, parameters: parameters))
    }

    /// The positions as a row source `u(topic, kafka_partition, kafka_offset)`, bound as one
    /// parameter per column (PostgreSQL arrays) or one JSON text (SQLite, Snowflake), never per row.
    private func positionSource(_ positions: [SourcePosition]) -> (sql: String, parameters: [SQLValue]) {
        var rows = RowSet(
            [("topic", .text), ("kafka_partition", .integer), ("kafka_offset", .bigint)], capacity: positions.count)
        for position in positions {
            rows.append([.text(position.topic), .integer(Int64(position.partition)), .integer(position.offset)])
        }
        switch dialect {
        case .postgresql:
            return (
                "unnest(?::text[], ?::integer[], ?::bigint[]) AS u(topic, kafka_partition, kafka_offset)",
                rows.columns.map { .text(PostgresArrayLiteral.encode($0.values, type: $0.type)) }
            )
        case .sqlite:
            return (
                """
                (SELECT json_extract(value, '$[0]') AS topic, json_extract(value, '$[1]') AS kafka_partition,
                        json_extract(value, '$[2]') AS kafka_offset FROM json_each(?)) AS u
                """, [.text(JSONText.rows(rows))]
            )
        case .snowflake:
            return (
                """
                (SELECT f.value[0]::VARCHAR AS topic, f.value[1]::INTEGER AS kafka_partition, f.value[2]::BIGINT AS kafka_offset
                 FROM TABLE(FLATTEN(PARSE_JSON(?))) AS f) AS u
                """, [.text(JSONText.rows(rows))]
            )
        }
    }

    private var timestampType: String { dialect == .snowflake ? "TIMESTAMP_NTZ" : "TIMESTAMP" }

    /// A row of `deadLetters` or `lockDeadLetters`.
    package func parseStoredDeadLetter(_ row: [String?]) -> (letter: StoredDeadLetter, payloadLength: Int)? {
        guard row.count >= 8, let topic = row[0], let partition = row[1].flatMap({ Int32($0) }),
            let offset = row[2].flatMap({ Int64($0) }), let rejectedAt = row[3].flatMap(Timestamp.init(sqlText:)),
            let code = row[4], let detail = row[5], let encoding = row[6]
        else { return nil }
        let letter = StoredDeadLetter(
            position: SourcePosition(topic: topic, partition: partition, offset: offset), rejectedAt: rejectedAt,
            code: code,
            detail: detail, payloadEncoding: encoding, storedPayload: row.count > 8 ? (row[8] ?? "") : nil)
        return (letter, row[7].flatMap { Int($0) } ?? 0)
    }
}
