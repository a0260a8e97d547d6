import Foundation
import Simulator
import TestSupport

/// The repository's root directory (this file is Tests/ServiceTests/ServiceTestSupport.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// A `starsink run` configuration written by the tests, so each test controls the keys it changes.
struct DaemonConfiguration {
    var brokers: String
    /// ODBC connection string without the password.
    var connection: String
    var passwordFile: String?
    var groupID = "starsink-service"
    var workers = 2
    var level = "info"
    var destination = "stderr"
    var batchMaxRecords = 3000
    /// Appended to the `pipeline:` section verbatim (e.g. an unknown key, to make the file invalid).
    var extraPipelineLine: String?
    /// `kafka.secret_files`: secret librdkafka property → file.
    var secretFiles: [String: String] = [:]
    /// `metrics.listen`; nil turns it off (parallel daemons must not race for the default port).
    var metricsListen: String?

    /// `connection` as `PostgresServer.createDatabase()` returns it; its password goes to `passwordFile`, and
    /// the file names `passwordFileSetting` (where the daemon will find it; by default the same path).
    init(brokers: String, connection full: String, passwordFile: String, passwordFileSetting: String? = nil) throws {
        let (connection, password) = PipelineFixture.splitPassword(full)
        try password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        chmod(passwordFile, 0o600)
        self.brokers = brokers
        self.connection = connection + ";Protocol=7.4-1"
        self.passwordFile = passwordFileSetting ?? passwordFile
    }

    /// The fixture's Kafka and PostgreSQL database.
    init(fixture: PipelineFixture, passwordFile: String, passwordFileSetting: String? = nil) throws {
        try self.init(
            brokers: fixture.brokers, connection: fixture.warehouseConnection, passwordFile: passwordFile,
            passwordFileSetting: passwordFileSetting)
    }

    var yaml: String {
        var text = """
            kafka:
              brokers: "\(brokers)"
              topic: orders
              group_id: \(groupID)
              dead_letter_topic: orders.dlq
              properties:
                topic.metadata.refresh.interval.ms: "1000"

            """
        if !secretFiles.isEmpty {
            text +=
                "  secret_files:\n"
                + secretFiles.sorted { $0.key < $1.key }.map { "    \($0.key): \"\($0.value)\"\n" }.joined()
        }
        text += """
            warehouse:
              dialect: postgresql
              connection: "\(connection)"

            """
        if let passwordFile { text += "  password_file: \"\(passwordFile)\"\n" }
        text += """
              query_timeout_seconds: 60
            pipeline:
              workers: \(workers)
              batch_max_records: \(batchMaxRecords)
              batch_max_wait_ms: 100

            """
        if let extraPipelineLine { text += "  \(extraPipelineLine)\n" }
        text += """
            log:
              level: \(level)
              destination: \(destination)
            metrics:
              listen: \(metricsListen.map { "\"\($0)\"" } ?? "~")

            """
        return text
    }

    /// Writes the file in place (readable by everyone: a DynamicUser service reads it on every reload).
    func write(to path: String) throws {
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
    }
}

/// Simulated orders with a few invalid messages and re-sends, so dead letters are part of every check.
func orders(count: Int, seed: UInt64) -> SimulatorConfiguration {
    var configuration = SimulatorConfiguration(seed: seed, count: count)
    configuration.invalidRate = 0.01
    configuration.duplicateRate = 0.005
    return configuration
}

extension ExpectedLoad {
    /// What loading several productions must give. Seeds tag their order ids, so productions never collide.
    init(_ configurations: [SimulatorConfiguration]) {
        self.init(configurations[0])
        for configuration in configurations.dropFirst() {
            let more = ExpectedLoad(configuration)
            validOrders.merge(more.validOrders) { first, _ in first }
            invalidMessages += more.invalidMessages
            conflicts += more.conflicts
            messages += more.messages
        }
    }
}

/// The wall-clock time at the start of a stderr log line (`2026-11-29T02:21:17.123Z info …`).
func logTimestamp(_ line: String) -> Date? {
    guard let space = line.firstIndex(of: " ") else { return nil }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: String(line[..<space]))
}

/// A test's scratch directory, removed when the value is released.
final class ScratchDirectory {
    let path: String

    init(prefix: String, mode: mode_t = 0o700) throws {
        path = try makeTemporaryDirectory(prefix: prefix)
        chmod(path, mode)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
///
/// Unlike TestSupport's `waitUntil`, the pause is `Task.sleep`: these tests wait for minutes in total, and
/// a blocked thread would be one of Swift Testing's few cooperative threads (two on a 2-core machine),
/// starving every other suite meanwhile. The deadline decides the outcome, never the pause.
func eventually(timeout: Duration, every pause: Duration = .milliseconds(100), _ condition: () throws -> Bool)
    async throws -> Bool
{
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try condition() { return true }
        if clock.now >= deadline { return false }
        try await Task.sleep(for: min(pause, deadline - clock.now))
    }
}

extension ChildProcess {
    /// The exit status once the process has exited, or nil if it still runs after `timeout`.
    func exit(within timeout: Duration) async throws -> Int32? {
        _ = try await eventually(timeout: timeout, every: .milliseconds(50)) { !process.isRunning }
        return process.isRunning ? nil : process.terminationStatus
    }
}

extension PipelineFixture {
    /// Whether the warehouse's stored offsets reach `messages` within `timeout` (every message loaded or
    /// dead-lettered); fails early if `daemon` exits.
    func loaded(_ messages: Int, within timeout: Duration, daemon: ChildProcess? = nil) async throws -> Bool {
        let connection = try connect()
        return try await eventually(timeout: timeout, every: .milliseconds(250)) {
            if let daemon, !daemon.process.isRunning { throw TestFailure("daemon exited: \(daemon.stderr.suffix(10))") }
            let rows =
                (try? connection.query("SELECT COALESCE(SUM(next_offset), 0) FROM \(table("starsink_offsets"))")) ?? []
            return Int(rows.first?.first??.split(separator: ".").first ?? "0") == messages
        }
    }
}
