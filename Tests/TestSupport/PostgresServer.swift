import Foundation
import Synchronization

/// A throwaway PostgreSQL server in a temporary directory, on a free port of 127.0.0.1.
///
/// The cluster is made with `initdb` from `/usr/lib/postgresql/<version>/bin` (the newest
/// version installed), owned by the `postgres` user when the tests run as root. The role
/// `starsink_test` is its superuser, with a random password checked by scram-sha-256 over
/// TCP; local socket connections (in the private temporary directory) are trusted, which is
/// how `psql(database:_:)` runs. Durability is off (`fsync=off` …): data is disposable.
///
/// Every server started here is stopped when the process exits (an `atexit` handler sends the
/// postmaster SIGQUIT, as `pg_ctl stop -m immediate` does) and a detached watchdog removes the
/// directory once the test process is gone, even if it crashed.
///
/// `@unchecked Sendable`: the only mutable state (whether the server runs, the postmaster's
/// pid) lives behind `state`, a Mutex; everything else is immutable after `start()`.
package final class PostgresServer: @unchecked Sendable {
    package static let user = "starsink_test"

    package let port: Int
    package let directory: String
    private let binDirectory: String
    private let password: String
    private let owner: String?
    private let state = Mutex(State())
    private let databaseCounter = Atomic<Int>(0)

    private struct State {
        var postmasterPID: pid_t?
    }

    private var dataDirectory: String { directory + "/data" }
    private var logFile: String { directory + "/server.log" }

    /// One server per test process, started on first use.
    package static func shared() throws -> PostgresServer {
        try sharedServer.withLock { server throws -> PostgresServer in
            if let server { return server }
            let started = try start()
            server = started
            return started
        }
    }

    /// A private server, for tests that stop, restart or break it.
    package static func start() throws -> PostgresServer {
        let binDirectory = try PostgresInstallation.binDirectory()
        let owner = geteuid() == 0 ? "postgres" : nil
        let directory = try makeTemporaryDirectory(prefix: "starsink-pg-")
        let password = PostgresInstallation.randomHex(bytes: 16)
        var lastError: Error?
        do {
            try initializeCluster(in: directory, binDirectory: binDirectory, password: password, owner: owner)
            // A free port can be taken between our probe and the postmaster's bind: try a few.
            for _ in 0..<3 {
                let server = PostgresServer(
                    directory: directory, binDirectory: binDirectory, port: try freeTCPPort(), password: password,
                    owner: owner)
                do {
                    try server.startPostmaster()
                    PostgresCleanup.register(server)
                    return server
                } catch {
                    lastError = error
                }
            }
        } catch {
            lastError = error
        }
        try? FileManager.default.removeItem(atPath: directory)
        throw lastError ?? TestSupportError("PostgreSQL did not start")
    }

    private init(directory: String, binDirectory: String, port: Int, password: String, owner: String?) {
        self.directory = directory
        self.binDirectory = binDirectory
        self.port = port
        self.password = password
        self.owner = owner
    }

    /// Creates an empty database with a unique name; returns an ODBC connection string for it.
    package func createDatabase() throws -> String {
        let number = databaseCounter.add(1, ordering: .relaxed).newValue
        let name = "starsink_\(number)_\(PostgresInstallation.randomHex(bytes: 4))"
        _ = try psql(database: "postgres", "CREATE DATABASE \(name)")
        return connectionString(database: name)
    }

    /// The psqlODBC connection string for `database` on this server.
    package func connectionString(database: String) -> String {
        "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=\(port);Database=\(database);"
            + "UID=\(Self.user);PWD=\(password);UseServerSidePrepare=1;CommLog=0;Debug=0"
    }

    /// The database name in a connection string made by `createDatabase()`.
    package static func databaseName(in connectionString: String) -> String? {
        connectionString.split(separator: ";").first { $0.hasPrefix("Database=") }.map { String($0.dropFirst(9)) }
    }

    /// Runs `sql` with psql as the server owner over the Unix socket; returns its unaligned,
    /// tuples-only stdout with trailing newlines removed. Throws on any SQL error.
    package func psql(database: String, _ sql: String) throws -> String {
        let output = try Command.check(
            [
                binDirectory + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", directory, "-p", "\(port)", "-U", Self.user, "-d", database, "-c", sql,
            ], asUser: owner)
        return String(output.reversed().drop { $0 == "\n" }.reversed())
    }

    /// Stops the server (fast shutdown: sessions are terminated); data and port are kept.
    package func stop() throws {
        try pgctl(["stop", "-m", "fast", "-w", "-t", "30"])
        state.withLock { $0.postmasterPID = nil }
    }

    /// Stops the server if it runs, then starts it again on the same port with the same data.
    package func restart() throws {
        if state.withLock({ $0.postmasterPID }) != nil { try stop() }
        try startPostmaster()
    }

    /// The postmaster's pid while the server runs (for the exit handler).
    var runningPID: pid_t? { state.withLock { $0.postmasterPID } }

    /// `initdb` into `directory/data`: superuser `starsink_test` with `password`, scram-sha-256
    /// over TCP, trust on the private Unix socket.
    private static func initializeCluster(
        in directory: String, binDirectory: String, password: String, owner: String?
    ) throws {
        let dataDirectory = directory + "/data"
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: false)
        let passwordFile = directory + "/pwfile"
        try (password + "\n").write(toFile: passwordFile, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: passwordFile) }
        _ = chmod(passwordFile, 0o600)
        _ = chmod(dataDirectory, 0o700)
        try PostgresInstallation.giveOwnership(of: [directory, dataDirectory, passwordFile], to: owner)
        try Command.check(
            [
                binDirectory + "/initdb", "-D", dataDirectory, "-U", user, "--pwfile=\(passwordFile)",
                "-A", "scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C", "--no-sync",
                "--no-instructions",
            ], asUser: owner)
    }

    private func startPostmaster() throws {
        let options = [
            "-p \(port)", "-k \(directory)", "-c listen_addresses=127.0.0.1", "-c fsync=off",
            "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=200",
            "-c checkpoint_timeout=1h", "-c max_wal_size=2GB", "-c log_min_messages=warning",
        ].joined(separator: " ")
        try pgctl(["start", "-w", "-t", "30", "-l", logFile, "-o", options])
        let ready = try waitUntil(timeout: .seconds(30)) {
            try Command.run([binDirectory + "/pg_isready", "-q", "-h", "127.0.0.1", "-p", "\(port)"]).status == 0
        }
        guard ready else { throw TestSupportError("PostgreSQL on port \(port) not ready: \(tailOfLog())") }
        let pidLine = (try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8))?
            .split(separator: "\n").first
        state.withLock { $0.postmasterPID = pidLine.flatMap { pid_t($0) } }
    }

    private func pgctl(_ arguments: [String]) throws {
        do {
            try Command.check([binDirectory + "/pg_ctl", "-D", dataDirectory] + arguments, asUser: owner)
        } catch {
            throw TestSupportError("pg_ctl \(arguments[0]) failed: \(error)\nserver log: \(tailOfLog())")
        }
    }

    private func tailOfLog() -> String {
        let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
        return String(log.suffix(2000))
    }
}

private let sharedServer = Mutex<PostgresServer?>(nil)
