import Foundation
import StarSchema
import Testing
import TestSupport

/// The command line as users meet it: exit codes, messages, generated files.
@Suite struct CommandLineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func checkConfigAcceptsTheExample() async throws {
        try await offThePoolInTest {
            let result = try ChildProcess.run([
                "check-config", Self.root.appendingPathComponent("config/starsink.yaml").path,
            ])
            #expect(result.status == 0)
            #expect(result.stdout.contains("OK"))
        }
    }

    @Test func checkConfigNamesEveryProblemAndExitsTwo() async throws {
        try await offThePoolInTest {
            let directory = try makeTemporaryDirectory(prefix: "starsink-cli")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/bad.yaml"
            try """
            kafka:
              brokers: "k:9092"
              typo_key: 1
            warehouse:
              dialect: mysql
              connection: "Driver=X;PWD=topsecret"
            pipeline:
              workers: -3
            """.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try ChildProcess.run(["check-config", path])
            #expect(result.status == 2)
            for key in ["kafka.typo_key", "warehouse.dialect", "warehouse.connection", "pipeline.workers"] {
                #expect(result.stderr.contains("\(path):"), "the file is named")
                #expect(result.stderr.contains(key), "\(key) is named")
            }
            #expect(!result.stderr.contains("topsecret"))
            #expect(!result.stdout.contains("topsecret"))
        }
    }

    /// `starsink sql` for a DBA: each dialect's statements with their bound values, one batch per file, a
    /// second file planned on the state the first left (its re-send is found, not inserted again).
    @Test func sqlPrintsEachDialectsStatementsWithTheirValues() async throws {
        try await offThePoolInTest {
            let typical = Self.root.appendingPathComponent("Tests/Fixtures/events/valid/typical.json").path
            let postgres = try ChildProcess.run([
                "sql", "--dialect", "postgresql", "--events", typical, "--events", typical,
            ])
            #expect(postgres.status == 0, "\(postgres.stderr)")
            #expect(postgres.stdout.contains("-- batch 1:") && postgres.stdout.contains("-- batch 2:"))
            #expect(postgres.stdout.contains("ON CONFLICT (consumer_group, topic, kafka_partition) DO NOTHING;"))
            #expect(postgres.stdout.contains(#"--   bound: '{"ORD-000001"}'"#), "bound values are listed")
            #expect(postgres.stdout.contains("1 duplicates"), "the second batch sees the first one's fact")
            let snowflake = try ChildProcess.run([
                "sql", "--dialect", "snowflake", "--format", "json", "--events", typical,
            ])
            #expect(snowflake.status == 0, "\(snowflake.stderr)")
            let lines = snowflake.stdout.split(separator: "\n")
            #expect(
                lines.contains {
                    $0.contains(#""parameter_sets": ["#)
                        && $0.contains(#"["fact", "ORD-000001", "2026-11-28 10:15:00""#)
                })
            #expect(lines.contains { $0 == #"{"commit": true}"# })
            #expect(!snowflake.stdout.contains("ON CONFLICT"))
            let refused = try ChildProcess.run(["sql", "--dialect", "oracle", "--events", typical])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("--dialect"))
        }
    }

    @Test func runWithAnInvalidConfigExitsTwo() async throws {
        try await offThePoolInTest {
            let result = try ChildProcess.run(["run", "--config", "/nonexistent/starsink.yaml"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("/nonexistent/starsink.yaml"))
        }
    }

    @Test(arguments: WarehouseDialect.allCases)
    func committedSchemaFilesMatchTheBinary(dialect: WarehouseDialect) async throws {
        try await offThePoolInTest {
            let result = try ChildProcess.run(["schema", "show", "--dialect", dialect.rawValue])
            #expect(result.status == 0)
            let committed = try String(
                contentsOf: Self.root.appendingPathComponent("sql/\(dialect.rawValue)/schema.sql"), encoding: .utf8)
            // The child's output is collected line by line without blank lines; compare the same way.
            let committedLines = committed.split(separator: "\n").filter { !$0.isEmpty }.map(String.init)
            #expect(
                result.stdout.split(separator: "\n").map(String.init) == committedLines,
                "run `make sql` to regenerate sql/\(dialect.rawValue)/schema.sql")
        }
    }

    @Test func unknownReportExitsTwo() async throws {
        try await offThePoolInTest {
            let result = try ChildProcess.run([
                "report", "nonsense", "--config", Self.root.appendingPathComponent("config/starsink.yaml").path,
            ])
            #expect(result.status == 2)
            #expect(result.stderr.contains("monthly-sales"))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func devKafkaPrintsBootstrapServersAndStopsOnSigterm() async throws {
        try await offThePoolInTest {
            let kafka = try ChildProcess([
                "dev-kafka", "--brokers", "2", "--partitions", "3", "--topic", "a", "--topic", "b",
            ])
            let first = kafka.waitForLine(timeout: .seconds(20)) { _ in true }
            #expect(first?.contains("127.0.0.1:") == true || first?.contains("localhost:") == true)
            #expect(first?.split(separator: ",").count == 2)
            kafka.send("down 1")
            #expect(kafka.waitForLine(timeout: .seconds(10)) { $0 == "ok down 1" } != nil)
            kafka.send("fly away")
            #expect(kafka.waitForLine(timeout: .seconds(10)) { $0.hasPrefix("error unknown command") } != nil)
            kafka.signal(SIGTERM)
            #expect(kafka.waitForExit(timeout: .seconds(20)) == 0)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func demoEndsWithTheFourReports() async throws {
        try await offThePoolInTest {
            let directory = try makeTemporaryDirectory(prefix: "starsink-demo")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let result = try ChildProcess.run(
                ["demo", "--orders", "5000", "--data-directory", directory], timeout: .seconds(240))
            #expect(result.status == 0, "stderr: \(result.stderr.suffix(2000))")
            for name in ReportName.allCases { #expect(result.stdout.contains(name.title), "\(name.rawValue) printed") }
            #expect(result.stdout.contains("loaded"))
            // Re-running is safe.
            let again = try ChildProcess.run(
                ["demo", "--orders", "2000", "--data-directory", directory], timeout: .seconds(240))
            #expect(again.status == 0)
        }
    }
}
