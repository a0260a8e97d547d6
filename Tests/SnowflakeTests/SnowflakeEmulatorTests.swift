import Foundation
import Testing
import TestSupport

/// The snowflake dialect proven without a Snowflake account: the statements `starsink sql` prints for
/// the fixture batches run on fakesnow (an emulator on DuckDB) and must leave the tables and reports
/// SQLite has for the same events, and every statement must parse with sqlfluff's snowflake grammar
/// and avoid the constructs Snowflake rejects. The Python side lives in Tests/Snowflake.
///
/// A missing Python environment fails these tests (with the command that creates it) rather than
/// skipping them: without it nothing here is proven.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct SnowflakeEmulatorTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let tools = root.appendingPathComponent("Tests/Snowflake")
    static let batches = (1...4).map { root.appendingPathComponent("Tests/Fixtures/snowflake/batch-\($0).jsonl").path }

    /// The environment's interpreter, or nil after recording a failure that says how to create it.
    static func python() -> String? {
        let path = root.appendingPathComponent(".build/python-test-env/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record(
                "\(path) is missing: run scripts/python-test-env.sh (make test-deps runs it) to install fakesnow and sqlfluff"
            )
            return nil
        }
        return path
    }

    static func tool(_ name: String) -> String { tools.appendingPathComponent(name).path }

    static func report(_ output: Command.Output) -> String { "exit \(output.status)\n\(output.stdout)\(output.stderr)" }

    @Test func theSnowflakeStatementsRunOnTheEmulatorAsOnSQLiteAndParse() async throws {
        guard let python = Self.python() else { return }
        let arguments =
            ["sql", "--dialect", "snowflake", "--format", "json", "--checks"]
            + Self.batches.flatMap { ["--events", $0] }
        let sql = try await offThePool { try Command.run([ChildProcess.starsinkPath] + arguments) }
        try #require(sql.status == 0, "starsink \(arguments.joined(separator: " ")): \(Self.report(sql).suffix(4000))")
        let directory = try makeTemporaryDirectory(prefix: "starsink-snowflake-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stream = directory + "/statements.jsonl"
        try sql.stdout.write(toFile: stream, atomically: true, encoding: .utf8)

        let emulated = try await offThePool {
            try Command.run([python, Self.tool("emulate.py"), "--replay-fences", stream])
        }
        #expect(emulated.status == 0, "emulate.py --replay-fences \(stream): \(Self.report(emulated))")
        // The proof is only as good as what it compared: every batch committed, the checks ran, fences replayed.
        let commits = emulated.stdout.firstMatch(of: /(\d+) commits/).flatMap { Int($0.1) } ?? 0
        #expect(commits >= Self.batches.count, "one commit per batch at least: \(emulated.stdout)")
        #expect(
            emulated.stdout.contains(/checks: [1-9]\d* passed, 0 failed/),
            "the final tables and reports were compared: \(emulated.stdout)")
        #expect(
            emulated.stdout.contains(/replayed fences: ([1-9]\d*) of \1 affected 0 rows/),
            "offset fences were replayed: \(emulated.stdout)")

        let grammar = try await offThePool { try Command.run([python, Self.tool("grammar.py"), stream]) }
        #expect(grammar.status == 0, "grammar.py \(stream): \(Self.report(grammar))")
    }

    /// `starsink offsets reset`'s transaction (writer lock, fenced set-based UPDATE, no ON CONFLICT) after two
    /// batches: on the emulator it leaves STARSINK_OFFSETS as on SQLite, and replaying its fence changes nothing.
    @Test func theOffsetResetRunsOnTheEmulatorAsOnSQLite() async throws {
        guard let python = Self.python() else { return }
        let arguments = [
            "sql", "--dialect", "snowflake", "--format", "json", "--checks", "--events", Self.batches[0],
            "--events", Self.batches[1], "--reset-offset-to", "0",
        ]
        let sql = try await offThePool { try Command.run([ChildProcess.starsinkPath] + arguments) }
        try #require(sql.status == 0, "starsink \(arguments.joined(separator: " ")): \(Self.report(sql).suffix(4000))")
        let lines = sql.stdout.split(separator: "\n").map(String.init)
        let checks = lines.firstIndex { $0.hasPrefix(#"{"check": "#) } ?? lines.count
        let reset = lines[..<checks].suffix(6)
        #expect(
            reset.first { $0.contains("UPDATE e_commerce.starsink_lock") } != nil,
            "the reset takes the writer lock: \(reset)")
        #expect(
            reset.contains {
                $0.contains("UPDATE e_commerce.starsink_offsets AS o") && $0.contains(#""expect_rows": 1"#)
            }, "\(reset)")
        #expect(reset.last == #"{"commit": true}"#)
        #expect(
            lines.contains {
                $0.hasPrefix(#"{"check": "table starsink_offsets""#) && $0.contains(#""orders", "0", "0", "#)
            },
            "SQLite's run holds the reset offset, which the emulator must match")
        let directory = try makeTemporaryDirectory(prefix: "starsink-snowflake-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stream = directory + "/statements.jsonl"
        try sql.stdout.write(toFile: stream, atomically: true, encoding: .utf8)
        let emulated = try await offThePool {
            try Command.run([python, Self.tool("emulate.py"), "--replay-fences", stream])
        }
        #expect(emulated.status == 0, "emulate.py --replay-fences \(stream): \(Self.report(emulated))")
        #expect(emulated.stdout.contains(/checks: [1-9]\d* passed, 0 failed/), "\(emulated.stdout)")
        #expect(emulated.stdout.contains(/replayed fences: ([1-9]\d*) of \1 affected 0 rows/), "\(emulated.stdout)")
        let grammar = try await offThePool { try Command.run([python, Self.tool("grammar.py"), stream]) }
        #expect(grammar.status == 0, "grammar.py \(stream): \(Self.report(grammar))")
    }

    @Test func everyRejectedConstructMatchesItsBadExampleButNotItsCorrection() async throws {
        guard let python = Self.python() else { return }
        let checked = try await offThePool { try Command.run([python, Self.tool("grammar.py"), "--check-rules"]) }
        #expect(checked.status == 0, "grammar.py --check-rules: \(Self.report(checked))")

        func rows(_ name: String) throws -> [[String]] {
            try String(contentsOfFile: Self.tool(name), encoding: .utf8)
                .split(separator: "\n").map {
                    $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                }
        }
        let rules = try rows("rejected-constructs.tsv")
        #expect(rules.first == ["id", "regex", "why", "url"])
        for rule in rules.dropFirst() {
            #expect(
                rule.count == 4 && rule[3].hasPrefix("https://docs.snowflake.com/"),
                "\(rule.first ?? ""): id, regex, why and a docs.snowflake.com page")
        }
        let exampled = Set(try rows("rejected-constructs-examples.tsv").dropFirst().map { $0[0] })
        #expect(
            Set(rules.dropFirst().map { $0[0] }).subtracting(exampled).isEmpty,
            "every rule has a bad and a corrected example")
    }

    @Test func theEmulatorRunnerPassesItsOwnTestsAndTheSampleStream() async throws {
        guard let python = Self.python() else { return }
        let selfTest = try await offThePool { try Command.run([python, Self.tool("emulate.py"), "--self-test"]) }
        #expect(selfTest.status == 0, "emulate.py --self-test: \(Self.report(selfTest))")
        let sample = try await offThePool {
            try Command.run([python, Self.tool("grammar.py"), Self.tool("sample-stream.jsonl")])
        }
        #expect(sample.status == 0, "grammar.py sample-stream.jsonl: \(Self.report(sample))")
    }
}
