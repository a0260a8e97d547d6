import Daemon
import Foundation
import ODBC
import StarSchema

/// PostgreSQL's own floor for the benchmark's fact rows: the rows a scenario has just loaded, written
/// by `psql` with `COPY … FROM STDIN` into an identical fresh FACT_ORDERS (created by the same schema
/// code: the same 13 columns, primary key and `customer_sk` index), timed on the wall clock and on
/// the cluster's CPU. Every scenario's PostgreSQL CPU is put beside this figure.
struct CopyFloor {
    /// FACT_ORDERS' columns, in the schema's order.
    static let columns =
        "order_id, order_timestamp, customer_sk, customer_id, product_id, date_id, price, quantity, "
        + "total_amount, region, kafka_topic, kafka_partition, kafka_offset"

    let psql: String
    /// libpq's variables for the server and database the benchmark's ODBC string names.
    let environment: [String: String]
    let directory: String

    init(psql: String, odbcConnection: String, directory: String) {
        self.psql = psql
        self.directory = directory
        var environment = ProcessInfo.processInfo.environment
        let names = [
            "server": "PGHOST", "servername": "PGHOST", "port": "PGPORT", "database": "PGDATABASE",
            "uid": "PGUSER", "username": "PGUSER", "pwd": "PGPASSWORD", "password": "PGPASSWORD",
        ]
        for attribute in ConnectionString.attributes(of: odbcConnection) {
            if let name = names[attribute.key.lowercased()] { environment[name] = attribute.value }
        }
        environment["PGAPPNAME"] = "starsink-bench-copy-floor"
        self.environment = environment
    }

    /// `psql` of the newest PostgreSQL installed (Debian keeps it out of PATH), else from PATH.
    static func locatePsql() -> String? {
        let installed = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let versions = installed.compactMap(Int.init).sorted()
        if let newest = versions.last,
            FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(newest)/bin/psql")
        {
            return "/usr/lib/postgresql/\(newest)/bin/psql"
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/psql" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Exports `source`'s facts, quiets the server, then times their COPY into `floor`'s empty table.
    func measure(source: WarehouseTarget, floor: WarehouseSession, expectedRows: Int) throws -> BenchmarkRunner.Result {
        let file = "\(directory)/copy-floor.txt"
        let sourceFacts = source.table("fact_orders")
        let floorFacts = floor.configuration.target.table("fact_orders")
        try run("COPY \(sourceFacts) (\(Self.columns)) TO STDOUT", output: file)
        // Settle what the load left behind before the clock starts, so the floor is COPY alone: the
        // autovacuum the new rows would trigger, and dirty buffers a checkpoint would write.
        let tables = ["fact_orders", "dim_customer", "dim_product", "dim_date"].map(source.table).joined(
            separator: ", ")
        try run("VACUUM (ANALYZE) \(tables)")
        try? run("CHECKPOINT")  // needs superuser or pg_checkpoint; the throwaway cluster's user is one

        let server = ServerCPU(session: floor, excludingOwnBackend: false)
        let before = server?.read()
        let clock = ContinuousClock()
        let started = clock.now
        // The wall time includes psql's start-up and connection, a few milliseconds here.
        try run("COPY \(floorFacts) (\(Self.columns)) FROM STDIN", input: file)
        let elapsed = clock.now - started
        let after = server?.read()

        defer { floor.rollbackQuietly() }
        let count = { (table: String) throws -> Int? in
            Int((try floor.query(BoundStatement(sql: "SELECT COUNT(*) FROM \(table)")).first?.first ?? nil) ?? "")
        }
        let copied = try count(floorFacts)
        let loaded = try count(sourceFacts)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        try? FileManager.default.removeItem(atPath: file)
        return BenchmarkRunner.Result(
            scenario: "COPY floor: psql COPY FROM STDIN of the same fact rows", orders: copied ?? 0,
            seconds: elapsed.inSeconds,
            payloadBytes: bytes, cpuSeconds: 0, peakResidentBytes: 0, batchP50: 0, batchP99: 0, latencyP50: nil,
            latencyP99: nil,
            verified: copied == expectedRows && loaded == expectedRows,
            postgresCPUSeconds: ServerCPU.seconds(from: before, to: after), isCopyFloor: true)
    }

    /// Runs one psql command, with stdin or stdout connected to a file; throws with psql's stderr
    /// if it fails (`ON_ERROR_STOP` makes a failed statement an exit status).
    private func run(_ command: String, input: String? = nil, output: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", command]
        process.environment = environment
        if let input {
            guard let handle = FileHandle(forReadingAtPath: input) else { throw BenchmarkError("cannot read \(input)") }
            process.standardInput = handle
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil),
                let handle = FileHandle(forWritingAtPath: output)
            else { throw BenchmarkError("cannot write \(output)") }
            process.standardOutput = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        // Read to the end before waiting: a full pipe would otherwise block psql forever.
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("psql \(command.prefix(60))… failed (exit \(process.terminationStatus)): \(message)")
        }
    }
}
