import StarSchema

extension RecordedStatement {
    /// One JSON object per line: `{"sql": …, "parameters": […]}`, `{"sql": …, "parameter_sets": [[…], …]}`,
    /// `{"commit": true}`, `{"check": …, "sql": …, "parameters": […], "rows": […]}`; values as JSON
    /// strings, numbers or null. Queries carry the `rows` the planner was given, fences `expect_rows`.
    package var jsonLine: String? {
        switch self {
        case .comment:
            return nil
        case .commit:
            return #"{"commit": true}"#
        case .statement(let statement, let rows, let expected):
            var line =
                #"{"sql": "# + JSONText.string(statement.sql) + #", "parameters": "# + Self.json(statement.parameters)
            if let rows { line += #", "rows": "# + Self.json(rows) }
            if let expected { line += #", "expect_rows": \#(expected)"# }
            return line + "}"
        case .array(let array):
            return #"{"sql": "# + JSONText.string(array.sql) + #", "parameter_sets": ["#
                + array.parameterSets.map(Self.json).joined(separator: ", ") + "]}"
        case .check(let name, let statement, let rows):
            return #"{"check": "# + JSONText.string(name) + #", "sql": "# + JSONText.string(statement.sql)
                + #", "parameters": "# + Self.json(statement.parameters) + #", "rows": "# + Self.json(rows) + "}"
        }
    }

    /// SQL terminated by `;`, each bound value listed below it in a comment, for a person to review.
    package var text: String {
        switch self {
        case .comment(let text):
            return "\n-- " + text
        case .commit:
            return "COMMIT;"
        case .statement(let statement, let rows, let expected):
            var lines = [statement.sql + ";"]
            if !statement.parameters.isEmpty { lines.append("--   bound: " + Self.text(statement.parameters)) }
            if let expected {
                lines.append(
                    "--   must affect \(expected) row\(expected == 1 ? "" : "s"); any other count rolls the batch back")
            }
            if let rows { lines.append("--   (\(rows.count) row\(rows.count == 1 ? "" : "s") in this state)") }
            return lines.joined(separator: "\n")
        case .array(let array):
            let sets = array.parameterSets
            var lines = [
                array.sql + ";", "--   array-bound, \(sets.count) parameter set\(sets.count == 1 ? "" : "s"):",
            ]
            lines += sets.prefix(20).map { "--   " + Self.text($0) }
            if sets.count > 20 { lines.append("--   … \(sets.count - 20) more") }
            return lines.joined(separator: "\n")
        case .check(let name, let statement, let rows):
            return "-- check \(name): \(rows.count) rows expected\n" + statement.sql + ";"
                + (statement.parameters.isEmpty ? "" : "\n--   bound: " + Self.text(statement.parameters))
        }
    }

    private static func json(_ values: [SQLValue]) -> String {
        "["
            + values.map { value in
                switch value {
                case .null: "null"
                case .integer(let number): String(number)
                case .text(let text): JSONText.string(text)
                }
            }.joined(separator: ", ") + "]"
    }

    private static func json(_ rows: [[String?]]) -> String {
        "["
            + rows.map { "[" + $0.map { $0.map(JSONText.string) ?? "null" }.joined(separator: ", ") + "]" }.joined(
                separator: ", ") + "]"
    }

    private static func text(_ values: [SQLValue]) -> String {
        values.map { value in
            switch value {
            case .null: "NULL"
            case .integer(let number): String(number)
            case .text(let text):
                "'"
                    + (text.count > 200 ? text.prefix(200) + "…" : Substring(text)).replacingOccurrences(
                        of: "'", with: "''") + "'"
            }
        }.joined(separator: ", ")
    }
}
