import Foundation
import Logging
import ODBC
import PrometheusScrape
import Simulator
import StarSchema
import Testing
import TestSupport

/// `/metrics`, `/health` and `/ready` of a real `starsink run` (dev-kafka, SQLite and PostgreSQL), read over
/// HTTP as Prometheus and a load balancer read them, and compared with the warehouse's own tables.
///
/// Every blocking step (child processes, sockets, ODBC, polling) runs in `offThePool`; the expectations stay in
/// the test's own task, where Swift Testing attributes them to the test.
@Suite(.serialized) struct MetricsEndpointTests {
    func orders(count: Int, seed: UInt64) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: seed, count: count)
        configuration.invalidRate = 0.02
        configuration.duplicateRate = 0.01
        return configuration
    }

    /// What the daemon's counters must equal, read from the warehouse.
    struct WarehouseCounts: Equatable, Sendable {
        var facts: Int
        var deadLettersByCode: [String: Int]
        var messages: Int
        var duplicates: Int { messages - facts - deadLettersByCode.values.reduce(0, +) }

        init(_ fixture: PipelineFixture) throws {
            let connection = try fixture.connect()
            func integer(_ text: String??) -> Int { Int((text ?? nil)?.split(separator: ".").first ?? "") ?? -1 }
            facts = integer(try connection.query("SELECT COUNT(*) FROM \(fixture.table("fact_orders"))").first?.first)
            messages = integer(
                try connection.query("SELECT COALESCE(SUM(next_offset), 0) FROM \(fixture.table("starsink_offsets"))")
                    .first?.first)
            deadLettersByCode = [:]
            for row in try connection.query(
                "SELECT error_code, COUNT(*) FROM \(fixture.table("starsink_rejected")) GROUP BY error_code")
            {
                deadLettersByCode[(row[0] ?? nil) ?? ""] = integer(row[1])
            }
        }
    }

    /// The fixture, carried into `offThePool` closures. Safe because the test awaits each closure before it
    /// touches the fixture again: one thread at a time uses it.
    struct FixtureHandle: @unchecked Sendable {
        let fixture: PipelineFixture
    }

    func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
        try await offThePool {
            let answer = try HTTPGet.fetch(port: port, path: path)
            return (answer.status, answer.body)
        }
    }

    /// Whether something answers on `port` at all.
    func answers(_ port: Int) async -> Bool { (try? await get(port, "/ready")) != nil }

    func scrape(_ port: Int) async throws -> PrometheusText {
        try await offThePool { try Self.scrapeNow(port) }
    }

    static func scrapeNow(_ port: Int) throws -> PrometheusText { try scrapeMetrics(port: port) }

    func poll(_ timeout: Duration, _ condition: @escaping @Sendable () throws -> Bool) async throws -> Bool {
        try await offThePool { try waitUntil(timeout: timeout, pollEvery: .milliseconds(200), condition) }
    }

    func pollStatus(_ port: Int, _ path: String, is status: Int, within timeout: Duration) async throws -> Bool {
        try await poll(timeout) { (try? HTTPGet.fetch(port: port, path: path).status) == status }
    }

    func loaded(_ handle: FixtureHandle, _ messages: Int, _ daemon: ChildProcess) async throws -> Bool {
        try await offThePool { try handle.fixture.waitUntilLoaded(messages, timeout: .seconds(120), daemon: daemon) }
    }

    func produce(_ handle: FixtureHandle, _ configuration: SimulatorConfiguration) async throws {
        try await offThePool { try handle.fixture.produce(configuration) }
    }

    /// Waits until the counters have caught up with the warehouse (they move just after each commit), then
    /// checks every counter that has a table to be compared with.
    func expectCountersMatchTheWarehouse(_ handle: FixtureHandle, port: Int, daemon: ChildProcess) async throws {
        let caughtUp = try await poll(.seconds(20)) {
            let counts = try WarehouseCounts(handle.fixture)
            let samples = try Self.scrapeNow(port)
            return samples.value("starsink_orders_loaded_total") == Double(counts.facts)
                && samples.value("starsink_produce_to_commit_seconds_count") == Double(counts.messages)
        }
        let counts = try await offThePool { try WarehouseCounts(handle.fixture) }
        let samples = try await scrape(port)
        #expect(
            caughtUp,
            "loaded \(samples.value("starsink_orders_loaded_total") ?? -1) vs \(counts.facts) facts; \(daemon.stderr.suffix(5))"
        )
        #expect(
            samples.value("starsink_orders_loaded_total") == Double(counts.facts), "orders loaded == COUNT(FACT_ORDERS)"
        )
        #expect(
            samples.value("starsink_produce_to_commit_seconds_count") == Double(counts.messages),
            "one latency per message")
        #expect(counts.facts > 0 && counts.messages > counts.facts)
        let deadLetters = samples.byLabel("starsink_dead_letters_total", "code").filter { $0.value > 0 }
        #expect(
            deadLetters == counts.deadLettersByCode.mapValues(Double.init),
            "dead letters by code: /metrics vs STARSINK_REJECTED")
        #expect(counts.deadLettersByCode.count >= 3, "the production should hold several kinds of bad message")
        #expect(samples.value("starsink_duplicates_skipped_total") == Double(counts.duplicates))
        let batches = try #require(samples.value("starsink_batches_total"))
        #expect(batches >= 1 && samples.value("starsink_batch_duration_seconds_count") == batches)
        #expect(samples.value("starsink_batch_duration_seconds_bucket", ["le": "+Inf"]) == batches)
        #expect(samples.value("starsink_workers") == 2)
        #expect(samples.value("starsink_ready") == 1)
        #expect((samples.value("process_resident_memory_bytes") ?? 0) > 10_000_000)
        #expect(
            (samples.value("starsink_rebalances_total", ["event": "assigned"]) ?? 0) >= 2, "each worker got partitions")
        // Lag is reported every 5 s per assigned partition: all 12 appear, and reach 0 once everything is loaded.
        let lagSettles = try await poll(.seconds(30)) {
            let samples = try Self.scrapeNow(port)
            return samples.byLabel("starsink_lag_messages", "partition").count == 12
                && samples.sum("starsink_lag_messages") == 0
        }
        let lag = try await scrape(port).byLabel("starsink_lag_messages", "partition")
        #expect(lagSettles, "lag: \(lag)")
    }

    /// PostgreSQL, down when the daemon starts: `/ready` 503 and `/health` 200 (waiting is a choice) until it
    /// answers; `/ready` 200 after READY; the counters equal the tables, and the outage shows as warehouse
    /// errors and retries. Then a worker stuck inside a statement (its backend SIGSTOPped) turns `/health` 503
    /// with the reason, while `/metrics` still answers; once the backend runs again, 200.
    @Test(.timeLimit(.minutes(5)))
    func postgresCountersHealthAndReadiness() async throws {
        let server = try await offThePool { try PostgresServer.start() }
        defer { try? server.stop() }
        let port = try freeTCPPort()
        let handle = try await offThePool {
            FixtureHandle(
                fixture: try PipelineFixture(dialect: .postgresql, postgres: server, metricsListen: "127.0.0.1:\(port)")
            )
        }
        let database = try #require(PostgresServer.databaseName(in: handle.fixture.warehouseConnection))
        try await offThePool { try server.stop() }
        // WATCHDOG_USEC without NOTIFY_SOCKET: no datagrams, but the stall limit is 2 s instead of 60 s.
        let daemon = try ChildProcess(
            ["run", "--config", handle.fixture.configPath], environment: ["WATCHDOG_USEC": "2000000"])
        let waiting = try await poll(.seconds(30)) {
            daemon.stderr.contains { $0.contains("warehouse unreachable, retrying in") }
        }
        #expect(waiting, "\(daemon.stderr.suffix(5))")
        // The listener starts beside the first warehouse attempt, not before it: wait until it answers.
        #expect(
            try await poll(.seconds(10)) { (try? HTTPGet.fetch(port: port, path: "/ready")) != nil },
            "\(daemon.stderr.suffix(5))")
        let starting = try await get(port, "/ready")
        #expect(starting.status == 503 && starting.body.contains("starting"), "\(starting)")
        #expect(try await get(port, "/health").status == 200, "waiting for the warehouse is not a stall")

        try await offThePool { try server.restart() }
        let becameReady = try await pollStatus(port, "/ready", is: 200, within: .seconds(60))
        #expect(becameReady, "\(daemon.stderr.suffix(5))")
        #expect(daemon.stderr.contains { $0.contains("starsink ready") }, "/ready said 200 before READY=1")
        let first = orders(count: 3000, seed: 131)
        try await produce(handle, first)
        #expect(try await loaded(handle, ExpectedLoad(first).messages, daemon))
        try await expectCountersMatchTheWarehouse(handle, port: port, daemon: daemon)
        let samples = try await scrape(port)
        #expect(samples.sum("starsink_warehouse_errors_total") >= 1, "the outage is counted by SQLSTATE")
        #expect((samples.value("starsink_warehouse_retries_total") ?? 0) >= 1)

        let backends = try await offThePool {
            try server.psql(
                database: database,
                """
                SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                AND backend_type = 'client backend'
                """
            ).split(separator: "\n").compactMap { pid_t($0) }
        }
        #expect(backends.count >= 2, "each worker holds a connection")
        for pid in backends { kill(pid, SIGSTOP) }
        defer { for pid in backends { kill(pid, SIGCONT) } }
        let second = orders(count: 1000, seed: 132)
        try await produce(handle, second)
        let unhealthy = try await pollStatus(port, "/health", is: 503, within: .seconds(30))
        #expect(unhealthy)
        let stuck = try await get(port, "/health")
        #expect(
            stuck.status == 503 && stuck.body.contains("stalled") && stuck.body.contains("more than 2s"), "\(stuck)")
        #expect(
            (try await scrape(port).value("starsink_workers_stalled") ?? 0) >= 1,
            "/metrics answers while a worker is stuck")

        for pid in backends { kill(pid, SIGCONT) }
        #expect(
            try await pollStatus(port, "/health", is: 200, within: .seconds(60)),
            "still unhealthy once the backends run")
        #expect(try await loaded(handle, ExpectedLoad(first).messages + ExpectedLoad(second).messages, daemon))
        daemon.signal(SIGTERM)
        #expect(try await offThePool { daemon.waitForExit(timeout: .seconds(60)) } == 0)
        #expect(await !answers(port), "the listener closes with the daemon")
    }

    /// SQLite: the counters equal the tables; SIGHUP with a new `metrics.listen` moves the listener (the old
    /// port closes, the counters carry over); a port that is taken is logged and the daemon loads on.
    @Test(.timeLimit(.minutes(4)))
    func sqliteCountersAndReloadMovesTheListener() async throws {
        let first = try freeTCPPort()
        let handle = try await offThePool {
            FixtureHandle(fixture: try PipelineFixture(dialect: .sqlite, metricsListen: "127.0.0.1:\(first)"))
        }
        let daemon = try handle.fixture.startDaemon()
        #expect(try await pollStatus(first, "/ready", is: 200, within: .seconds(60)), "\(daemon.stderr.suffix(5))")
        let production = orders(count: 2000, seed: 133)
        try await produce(handle, production)
        #expect(try await loaded(handle, ExpectedLoad(production).messages, daemon))
        try await expectCountersMatchTheWarehouse(handle, port: first, daemon: daemon)
        let loadedBefore = try #require(try await scrape(first).value("starsink_orders_loaded_total"))

        let second = try freeTCPPort()
        try await reload(handle, daemon, from: "127.0.0.1:\(first)", to: "127.0.0.1:\(second)")
        #expect(try await pollStatus(second, "/ready", is: 200, within: .seconds(20)), "\(daemon.stderr.suffix(5))")
        #expect(await !answers(first), "the old port still answers")
        #expect(
            try await scrape(second).value("starsink_orders_loaded_total") == loadedBefore, "a reload keeps the counts")

        let taken = try ListeningSocket()
        try await reload(handle, daemon, from: "127.0.0.1:\(second)", to: "127.0.0.1:\(taken.port)")
        let takenPort = taken.port
        let refused = try await poll(.seconds(20)) {
            daemon.stderr.contains { $0.contains("metrics: cannot listen") && $0.contains("127.0.0.1:\(takenPort)") }
        }
        #expect(refused, "\(daemon.stderr.suffix(5))")
        withExtendedLifetime(taken) {}  // held until the daemon has tried to bind it
        #expect(await !answers(second), "the previous port still answers")
        let more = orders(count: 500, seed: 134)
        try await produce(handle, more)
        let total = ExpectedLoad(production).messages + ExpectedLoad(more).messages
        #expect(try await loaded(handle, total, daemon), "the daemon stopped loading")
        daemon.signal(SIGTERM)
        #expect(try await offThePool { daemon.waitForExit(timeout: .seconds(60)) } == 0)
    }

    /// Rewrites `metrics.listen` and sends SIGHUP; returns once the daemon logged the reload.
    func reload(_ handle: FixtureHandle, _ daemon: ChildProcess, from old: String, to new: String) async throws {
        let path = handle.fixture.configPath
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"\(old)\"", with: "\"\(new)\"").write(
            toFile: path, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        let reloaded = try await poll(.seconds(20)) {
            daemon.stderr.contains { $0.contains("configuration reloaded") && $0.contains("metrics.listen=\(new)") }
        }
        #expect(reloaded, "\(daemon.stderr.suffix(5))")
    }

    @Test(arguments: ["\"127.0.0.1:99999\"", "\"example.com:9464\"", "9464"])
    func checkConfigRefusesABadListenAddressNamingTheKey(_ value: String) async throws {
        let directory = try makeTemporaryDirectory(prefix: "starsink-metrics-config")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/starsink.yaml"
        try """
        kafka: {brokers: "127.0.0.1:9092"}
        warehouse: {dialect: sqlite, connection: "Driver=SQLite3;Database=\(directory)/w.db"}
        metrics:
          listen: \(value)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await offThePool { try ChildProcess.run(["check-config", path]) }
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path):4: metrics.listen: must be host:port"), "\(result.stderr)")
    }
}

/// A TCP socket listening on a free 127.0.0.1 port, so a daemon asked to listen there fails to bind.
final class ListeningSocket {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard fd >= 0, bound == 0, named == 0, listen(fd, 1) == 0 else {
            if fd >= 0 { close(fd) }
            throw TestFailure("cannot hold a listening socket: errno \(errno)")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}
