import Foundation
import ODBC
import Simulator
import StarSchema
import Testing
import TestSupport

/// The chaos scenarios, run one at a time: each injects faults into processes and servers it
/// owns, and timing-sensitive faults (kills, outages) must not compete with each other for the
/// two cores. The scenarios live in extensions, one file per fault.
@Suite(.serialized) struct ChaosTests {}

/// How much bigger `make chaos` makes every scenario than `make test` does.
enum ChaosScale {
    /// `STARSINK_CHAOS_SCALE` (default 1): multiplies event counts, kills and fault rounds.
    static let factor: Int = {
        let text = ProcessInfo.processInfo.environment["STARSINK_CHAOS_SCALE"] ?? ""
        return max(1, Int(text) ?? 1)
    }()

    static func events(_ base: Int) -> Int { base * factor }
}

/// One scenario's outcome for the `make chaos` table: what was sent and what the warehouse holds.
struct ChaosOutcome: CustomStringConvertible {
    var scenario: String
    var events = 0
    var loaded = 0
    var rejected = 0
    /// Valid orders missing from FACT_ORDERS plus dead letters missing from STARSINK_REJECTED.
    var lost = 0
    /// Rows present more often than sent, or present though never expected.
    var duplicated = 0

    var description: String {
        "\(scenario): events \(events), loaded \(loaded), rejected \(rejected), lost \(lost), duplicated \(duplicated)"
    }

    /// Prints the line and, under `make chaos` (`STARSINK_CHAOS_SUMMARY` names a file), appends it as TSV.
    func report() {
        print("chaos \(self)")
        guard let path = ProcessInfo.processInfo.environment["STARSINK_CHAOS_SUMMARY"], !path.isEmpty else { return }
        let line =
            [scenario, "\(events)", "\(loaded)", "\(rejected)", "\(lost)", "\(duplicated)"].joined(separator: "\t")
            + "\n"
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(line.utf8))
            try? handle.close()
        } else {
            try? line.write(toFile: path, atomically: false, encoding: .utf8)
        }
    }
}

extension PipelineFixture {
    /// Counts the warehouse against `expected` and reports the outcome row.
    @discardableResult
    func outcome(_ scenario: String, _ expected: ExpectedLoad) throws -> ChaosOutcome {
        let connection = try connect()
        func number(_ sql: String) throws -> Int {
            Int((try connection.query(sql).first?.first ?? nil)?.split(separator: ".").first ?? "") ?? -1
        }
        let ids = Set(
            try connection.query("SELECT order_id FROM \(table("fact_orders"))").compactMap { $0.first ?? nil })
        let facts = try number("SELECT COUNT(*) FROM \(table("fact_orders"))")
        let letters = try number("SELECT COUNT(*) FROM \(table("starsink_rejected"))")
        let distinctLetters = try number(
            """
            SELECT COUNT(*) FROM (SELECT DISTINCT topic, kafka_partition, kafka_offset FROM \(table("starsink_rejected"))) d
            """)
        var result = ChaosOutcome(scenario: scenario, events: expected.messages, loaded: facts, rejected: letters)
        result.lost =
            expected.validOrders.keys.filter { !ids.contains($0) }.count + max(0, expected.rejected - distinctLetters)
        result.duplicated =
            (facts - ids.count) + (letters - distinctLetters) + max(0, distinctLetters - expected.rejected)
            + ids.subtracting(expected.validOrders.keys).count
        result.report()
        return result
    }

    /// `starsink produce` in the background at `rate` messages per second (0 = as fast as it can).
    func startProducer(_ configuration: SimulatorConfiguration, rate: Int) throws -> ChildProcess {
        try ChildProcess([
            "produce", "--brokers", brokers, "--topic", "orders", "--count", "\(configuration.count)", "--seed",
            "\(configuration.seed)",
            "--invalid-rate", "\(configuration.invalidRate)", "--duplicate-rate", "\(configuration.duplicateRate)",
            "--unkeyed-rate", "\(configuration.unkeyedRate)", "--rate", "\(rate)",
        ])
    }

    /// Σ next_offset over the stored offsets: how many messages the warehouse has accounted for.
    func accountedMessages(_ connection: ODBCConnection) -> Int {
        let rows =
            (try? connection.query("SELECT COALESCE(SUM(next_offset), 0) FROM \(table("starsink_offsets"))")) ?? []
        return Int(rows.first?.first??.split(separator: ".").first ?? "0") ?? 0
    }

    /// Waits until the warehouse accounts for more messages than `before`; returns the new count.
    func waitForProgress(beyond before: Int, _ connection: ODBCConnection, timeout: Duration = .seconds(90)) throws
        -> Int?
    {
        var now = before
        let moved = try waitUntil(timeout: timeout, pollEvery: .milliseconds(20)) {
            now = accountedMessages(connection)
            return now > before
        }
        return moved ? now : nil
    }

    /// Adds `key: value` lines under `warehouse:` in the configuration file (e.g. a short query timeout).
    func addWarehouseSettings(_ lines: [String]) throws {
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
        let extra = lines.map { "  " + $0 }.joined(separator: "\n")
        let updated = text.replacingOccurrences(
            of: "  foreign_keys: enforced", with: "  foreign_keys: enforced\n" + extra)
        try updated.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// The database name of this fixture's PostgreSQL warehouse.
    var databaseName: String { PostgresServer.databaseName(in: warehouseConnection) ?? "" }

    /// Runs `starsink schema apply` so a test can change the schema before the daemon starts.
    func applySchema() throws {
        let result = try ChildProcess.run(["schema", "apply", "--config", configPath])
        guard result.status == 0 else { throw TestFailure("schema apply failed: \(result.stderr)") }
    }
}

/// Orders with invalid messages and re-sends mixed in, as production sees them.
func chaosOrders(count: Int, seed: UInt64, invalidRate: Double = 0.01, duplicateRate: Double = 0.005)
    -> SimulatorConfiguration
{
    var configuration = SimulatorConfiguration(seed: seed, count: count)
    configuration.invalidRate = invalidRate
    configuration.duplicateRate = duplicateRate
    return configuration
}

/// Stops children for good at the end of a test, without failing it.
func finish(_ children: ChildProcess?...) {
    for child in children.compactMap({ $0 }) where child.process.isRunning {
        child.signal(SIGTERM)
        if child.waitForExit(timeout: .seconds(30)) == nil { child.terminate() }
    }
}

/// Waits `duration` while checking the daemon stays alive the whole time (an outage's length is
/// the point of this wait, not synchronisation with another thread).
func staysAlive(_ daemon: ChildProcess, for duration: Duration) -> Bool {
    let deadline = ContinuousClock.now + duration
    while ContinuousClock.now < deadline {
        if !daemon.process.isRunning { return false }
        Thread.sleep(forTimeInterval: 0.1)
    }
    return daemon.process.isRunning
}

/// What loading these messages must produce, in offset order: nil is an invalid message; the first
/// copy of an order id wins, an identical later copy is a no-op, a different one a conflict.
func expectation(of events: [OrderEvent?]) -> ExpectedLoad {
    var expected = ExpectedLoad(SimulatorConfiguration(seed: 0, count: 0))
    for event in events {
        expected.messages += 1
        guard let event else {
            expected.invalidMessages += 1
            continue
        }
        if let earlier = expected.validOrders[event.orderID] {
            if earlier != event { expected.conflicts += 1 }
        } else {
            expected.validOrders[event.orderID] = event
        }
    }
    return expected
}

/// The messages `starsink produce` sends for `configuration`, in order.
func simulatedMessages(_ configuration: SimulatorConfiguration) -> [SimulatedMessage] {
    var simulator = OrderSimulator(configuration: configuration)
    return (0..<configuration.count).map { _ in simulator.next() }
}
