import Foundation
import Logging
import ODBC
import Testing
import TestSupport

extension ChaosTests {
    /// PostgreSQL stopped for 15 s in the middle of a load, then started again; later the daemon's
    /// connections are killed from the server side. The daemon waits with backoff, reconnects and
    /// finishes exactly, without ever exiting.
    @Test(.timeLimit(.minutes(8 * ChaosScale.factor)))
    func warehouseStoppedAndConnectionsTerminated() async throws {
        // Off Swift's cooperative threads: a chaos test blocks for minutes, and two blocked threads
        // (the pool is as wide as the cores) starve every other test's time limit.
        try await offThePoolInTest {
            var random = try ChaosRandom()
            let server = try PostgresServer.start()
            defer { try? server.stop() }
            let orders = chaosOrders(count: ChaosScale.events(30_000), seed: 202)
            let metricsPort = try freeTCPPort()
            let fixture = try PipelineFixture(
                dialect: .postgresql, batchMaxRecords: 2000, postgres: server, metricsListen: "127.0.0.1:\(metricsPort)"
            )
            let expected = ExpectedLoad(orders)
            let producer = try fixture.startProducer(orders, rate: max(500, orders.count / 40))
            let daemon = try fixture.startDaemon()
            defer { finish(producer, daemon) }

            var connection = try fixture.connect()
            #expect(
                try fixture.waitForProgress(beyond: 0, connection) != nil, "no progress: \(daemon.stderr.suffix(10))")
            let errorsBefore = scrapedSum("starsink_warehouse_errors_total", port: metricsPort)
            try server.stop()
            #expect(
                staysAlive(daemon, for: .seconds(15)),
                "the daemon exited while the warehouse was down: \(daemon.stderr.suffix(10))")
            // Each failed attempt while the server is down is counted (by SQLSTATE) before the worker backs off.
            let errorsDuring = scrapedSum("starsink_warehouse_errors_total", port: metricsPort) - errorsBefore
            #expect(errorsDuring >= 1, "no outage reported: \(daemon.stderr.suffix(10))")
            try server.restart()

            connection = try fixture.connect()
            let rounds = 3 * ChaosScale.factor
            for _ in 0..<rounds {
                let before = fixture.accountedMessages(connection)
                #expect(
                    try fixture.waitForProgress(beyond: before, connection) != nil,
                    "no progress: \(daemon.stderr.suffix(10))")
                random.pause(milliseconds: 0...300)
                let killed = try server.psql(
                    database: "postgres",
                    """
                    SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = '\(fixture.databaseName)' AND application_name NOT LIKE 'psql%' AND pid <> pg_backend_pid()
                      AND backend_type = 'client backend' AND query NOT LIKE '%COALESCE(SUM(next_offset)%'
                    """)
                #expect((Int(killed) ?? 0) >= 1, "no daemon connection to terminate")
            }
            #expect(producer.waitForExit(timeout: .seconds(300)) == 0, "producer: \(producer.stderr.suffix(5))")
            let loaded = try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(300), daemon: daemon)
            #expect(loaded, "daemon stderr: \(daemon.stderr.suffix(20))")
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
            #expect(try fixture.verify(expected) == [])
            let outcome = try fixture.outcome("warehouse down 15 s, \(rounds) backends killed", expected)
            #expect(outcome.lost == 0 && outcome.duplicated == 0)
        }
    }

    /// A server that accepts TCP but never answers must not hang a connect: the login timeout bounds it.
    @Test(.timeLimit(.minutes(2)))
    func connectToASilentServerIsBoundedByTheLoginTimeout() async throws {
        // Off Swift's cooperative threads: a chaos test blocks for minutes, and two blocked threads
        // (the pool is as wide as the cores) starve every other test's time limit.
        try await offThePoolInTest {
            let listener = try SilentListener()
            let started = ContinuousClock.now
            let connectionString =
                "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=\(listener.port);Database=x;UID=u;PWD=p;CommLog=0"
            #expect(throws: ODBCError.self) {
                _ = try ODBCConnection(
                    connectionString: connectionString, loginTimeoutSeconds: 2, logger: Logger(label: "test"))
            }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(15), "connect took \(elapsed)")
        }
    }

    /// A statement blocked by another session's lock ends after the query timeout, as a transient error.
    @Test(.timeLimit(.minutes(2)))
    func blockedStatementIsBoundedByTheQueryTimeout() async throws {
        // Off Swift's cooperative threads: a chaos test blocks for minutes, and two blocked threads
        // (the pool is as wide as the cores) starve every other test's time limit.
        try await offThePoolInTest {
            let server = try PostgresServer.shared()
            let connectionString = try server.createDatabase()
            let database = PostgresServer.databaseName(in: connectionString) ?? ""
            _ = try server.psql(database: database, "CREATE TABLE t (x int)")
            let holder = Thread {
                _ = try? server.psql(
                    database: database, "BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(20); COMMIT;")
            }
            holder.start()
            let connection = try ODBCConnection(
                connectionString: connectionString, loginTimeoutSeconds: 5, logger: Logger(label: "test"))
            connection.queryTimeoutSeconds = 2
            let locked = try waitUntil(timeout: .seconds(10)) {
                try server.psql(
                    database: database,
                    "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 't' AND l.mode = 'AccessExclusiveLock'"
                ) == "1"
            }
            #expect(locked)
            let started = ContinuousClock.now
            var caught: ODBCError?
            do throws(ODBCError) { _ = try connection.query("SELECT COUNT(*) FROM t") } catch { caught = error }
            let elapsed = ContinuousClock.now - started
            #expect(caught?.category == .transient, "\(String(describing: caught))")
            #expect(elapsed < .seconds(10), "the blocked query took \(elapsed)")
        }
    }
}

/// A TCP listener on 127.0.0.1 that completes handshakes (the kernel does) but never reads or
/// writes: a stalled server as a client sees it.
final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw TestFailure("bind/listen failed: errno \(errno)")
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
