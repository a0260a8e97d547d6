import Foundation

/// The checkable parts of `docs/schema.md`: its SQL queries and the tables it prints.
///
/// Conventions the document follows (and states at its top):
/// - every ```` ```sql ```` block is a query meant to run as printed against the demo's SQLite warehouse;
/// - a `<!-- result -->` line right after such a block introduces a Markdown table: the query's rows;
/// - `<!-- rows of TABLE after FILE… -->` introduces a Markdown table holding some columns (named in its
///   header) of TABLE as `starsink sql --checks` reports it after the event files `docs/examples/FILE…`.
struct SchemaDocument {
    /// A Markdown table: the header's cells, then each row's cells, trimmed.
    struct Table: Equatable {
        var header: [String]
        var rows: [[String]]
    }

    struct Query {
        var line: Int
        var sql: String
        var expected: Table?
    }

    struct Example {
        var line: Int
        var table: String
        var eventFiles: [String]
        var expected: Table
    }

    var queries: [Query] = []
    var examples: [Example] = []

    init(_ text: String) throws {
        let lines = text.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line == "```sql" {
                let start = index + 1
                index = start
                while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "```" { index += 1 }
                guard index < lines.count else {
                    throw DocumentError(line: start, problem: "unterminated ```sql block")
                }
                var query = Query(line: start, sql: lines[start..<index].joined(separator: "\n"))
                var next = index + 1
                while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
                if next < lines.count, lines[next].trimmingCharacters(in: .whitespaces) == "<!-- result -->" {
                    query.expected = try Self.table(lines, after: next)
                    index = next
                }
                queries.append(query)
            } else if line.hasPrefix("<!-- rows of "), line.hasSuffix("-->") {
                let words = line.dropFirst("<!-- rows of ".count).dropLast(3).split(separator: " ").map(String.init)
                guard words.count >= 3, words[1] == "after" else {
                    throw DocumentError(line: index + 1, problem: "expected <!-- rows of TABLE after FILE… -->")
                }
                examples.append(
                    Example(
                        line: index + 1, table: words[0], eventFiles: Array(words[2...]),
                        expected: try Self.table(lines, after: index)))
            }
            index += 1
        }
    }

    /// The Markdown table starting on the first non-blank line after `marker`.
    private static func table(_ lines: [String], after marker: Int) throws -> Table {
        var index = marker + 1
        while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).isEmpty { index += 1 }
        var rows: [[String]] = []
        while index < lines.count, lines[index].hasPrefix("|") {
            let cells = lines[index].trimmingCharacters(in: .whitespaces).dropFirst().dropLast()
                .split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            rows.append(cells)
            index += 1
        }
        guard rows.count >= 3, rows[1].allSatisfy({ $0.allSatisfy { "-:".contains($0) } && !$0.isEmpty }) else {
            throw DocumentError(line: marker + 1, problem: "the marker is not followed by a Markdown table with rows")
        }
        return Table(header: rows[0], rows: Array(rows[2...]))
    }

    struct DocumentError: Error, CustomStringConvertible {
        var line: Int
        var problem: String
        var description: String { "docs/schema.md:\(line): \(problem)" }
    }
}
