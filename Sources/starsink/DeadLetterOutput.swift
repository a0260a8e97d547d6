import Daemon
import StarSchema

/// How `starsink dead-letters` prints: tables for people, CSV and JSON (snake_case keys) for tools.
enum DeadLetterOutput {
    /// The table's detail column is cut to this many characters; CSV and JSON carry it whole.
    static let shortDetail = 80

    static let listColumns = [
        "topic", "partition", "offset", "rejected_at", "error_code", "error_detail", "payload_encoding",
        "payload_length",
    ]

    static func list(_ letters: [(letter: StoredDeadLetter, payloadLength: Int)], format: ReportTable.Format) -> String
    {
        switch format {
        case .table: table(letters)
        case .csv: csv(letters)
        case .json: json(letters)
        }
    }

    private static func cells(_ letter: StoredDeadLetter, _ length: Int) -> [String] {
        [
            letter.position.topic, String(letter.position.partition), String(letter.position.offset),
            letter.rejectedAt.iso8601,
            letter.code, letter.detail, letter.payloadEncoding, String(length),
        ]
    }

    private static func table(_ letters: [(letter: StoredDeadLetter, payloadLength: Int)]) -> String {
        let header = ["TOPIC", "PARTITION", "OFFSET", "REJECTED_AT", "ERROR_CODE", "DETAIL"]
        let rows = letters.map { letter, _ in
            [
                letter.position.topic, String(letter.position.partition), String(letter.position.offset),
                letter.rejectedAt.iso8601,
                letter.code, short(letter.detail),
            ]
        }
        var out = aligned([header] + rows, rightAligned: [false, true, true, false, false, false])
        out.append("(\(letters.count) dead letter\(letters.count == 1 ? "" : "s"))")
        var byCode: [String: Int] = [:]
        for (letter, _) in letters { byCode[letter.code, default: 0] += 1 }
        if !byCode.isEmpty {
            out.append("")
            out += aligned(
                [["ERROR_CODE", "COUNT"]] + byCode.sorted { $0.key < $1.key }.map { [$0.key, String($0.value)] } + [
                    ["total", String(letters.count)]
                ],
                rightAligned: [false, true])
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// One line, at most `shortDetail` characters: newlines and tabs would break the table.
    static func short(_ detail: String) -> String {
        let flat = String(detail.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        return flat.count > shortDetail ? String(flat.prefix(shortDetail - 1)) + "…" : flat
    }

    private static func aligned(_ rows: [[String]], rightAligned: [Bool]) -> [String] {
        var widths = rows[0].map { _ in 0 }
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], TerminalWidth.of(cell)) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - TerminalWidth.of(cell))
                if rightAligned[index] { return padding + cell }
                return index == row.count - 1 ? cell : cell + padding
            }.joined(separator: "  ")
        }
    }

    private static func csv(_ letters: [(letter: StoredDeadLetter, payloadLength: Int)]) -> String {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
            return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
        }
        let lines =
            [listColumns.joined(separator: ",")]
            + letters.map { cells($0.letter, $0.payloadLength).map(field).joined(separator: ",") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func json(_ letters: [(letter: StoredDeadLetter, payloadLength: Int)]) -> String {
        let objects = letters.map { letter, length in object(letter, extra: [("payload_length", String(length))]) }
        return "[" + objects.joined(separator: ",\n ") + "]\n"
    }

    /// The row's columns as a JSON object; `extra` values are already JSON.
    private static func object(_ letter: StoredDeadLetter, extra: [(String, String)]) -> String {
        let fields: [(String, String)] =
            [
                ("topic", JSONText.string(letter.position.topic)), ("partition", String(letter.position.partition)),
                ("offset", String(letter.position.offset)), ("rejected_at", JSONText.string(letter.rejectedAt.iso8601)),
                ("error_code", JSONText.string(letter.code)), ("error_detail", JSONText.string(letter.detail)),
                ("payload_encoding", JSONText.string(letter.payloadEncoding)),
            ] + extra
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// `show` for people: the columns, then the payload as text, or escaped when it is not UTF-8.
    static func show(_ letter: StoredDeadLetter) -> String {
        let bytes = letter.payload ?? []
        var lines = aligned(
            [
                ["topic", letter.position.topic], ["partition", String(letter.position.partition)],
                ["offset", String(letter.position.offset)], ["rejected_at", letter.rejectedAt.iso8601],
                ["error_code", letter.code], ["error_detail", letter.detail],
                ["payload_encoding", letter.payloadEncoding], ["payload_bytes", String(bytes.count)],
            ],
            rightAligned: [false, false])
        if letter.payload == nil {
            lines.append("payload (stored text does not decode as \(letter.payloadEncoding); shown as stored):")
            lines.append(letter.storedPayload ?? "")
        } else if bytes.isEmpty {
            lines.append("payload: none (the message had no bytes, or they were not stored)")
        } else if letter.payloadEncoding == "utf8" {
            lines.append("payload (UTF-8 text, as stored):")
            lines.append(letter.storedPayload ?? "")
        } else {
            lines.append(
                "payload (not UTF-8 text, stored as base64; shown escaped: \\xHH for each byte that is not UTF-8 or is NUL, \\\\ for a backslash):"
            )
            lines.append(StoredDeadLetter.escaped(bytes))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `show --format json`: the stored columns (payload as stored: the text, or base64 as
    /// `payload_encoding` says) and the payload's length in bytes.
    static func showJSON(_ letter: StoredDeadLetter) -> String {
        object(
            letter,
            extra: [
                ("payload", JSONText.string(letter.storedPayload ?? "")),
                ("payload_bytes", String(letter.payload?.count ?? 0)),
            ]) + "\n"
    }

    static func summary(_ summary: DeadLetterReplay.Summary, dryRun: Bool) -> String {
        var lines = [
            "\(dryRun ? "dry run (rolled back, nothing changed): would replay" : "replayed") \(summary.replayed) dead letter\(summary.replayed == 1 ? "" : "s")",
            "loaded \(summary.loaded)",
            "already loaded \(summary.alreadyLoaded) (identical order in FACT_ORDERS; dead letter removed)",
            "still failing \(summary.stillFailingTotal) (\(summary.newReasons) with a new reason)",
        ]
        lines += summary.stillFailing.sorted { $0.key < $1.key }.map { "  \($0.key) \($0.value)" }
        if summary.skipped > 0 {
            lines.append("skipped \(summary.skipped) (stored without a payload: nothing to replay)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
