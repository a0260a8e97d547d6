import ArgumentParser
import Daemon
import Foundation
import StarSchema

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark the daemon against the per-message baseline, with the loaded tables verified.",
        discussion: "`make bench` starts a throwaway PostgreSQL server and runs this with --postgres.")

    @Option(name: .long, help: "Orders for the throughput runs.")
    var orders: Int = 500_000

    @Option(name: .long, help: "Orders for the per-message baseline.")
    var baselineOrders: Int = 5_000

    @Option(name: .long, help: "Workers.")
    var workers: Int = 2

    @Option(name: .long, help: "Partitions of the benchmark topic (keep each under ~4 MiB: ~330 bytes per order).")
    var partitions: Int = 64

    @Option(name: .long, help: "ODBC connection string of a PostgreSQL database the benchmark may create schemas in (no password).")
    var postgres: String?

    @Option(name: .long, help: "Steady rate for the latency run (orders/s).")
    var latencyRate: Int = 10_000

    @Option(name: .long, help: "Length of the latency run in seconds.")
    var latencySeconds: Int = 10

    @Option(name: .long, help: "pipeline.batch_max_records for the daemon runs.")
    var batchMaxRecords: Int = 20_000

    @Option(name: .long, help: "Dialects to measure, comma-separated (postgresql,sqlite).")
    var dialects: String = "postgresql,sqlite"

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let logger = CommandLogging.bootstrap(level: .warning, destination: .stderr)
        var options = BenchmarkRunner.Options()
        options.orders = orders
        options.baselineOrders = baselineOrders
        options.workers = workers
        options.partitions = partitions
        options.postgresConnection = postgres
        options.latencyRate = latencyRate
        options.latencySeconds = latencySeconds
        options.batchMaxRecords = batchMaxRecords
        options.dialects = dialects.split(separator: ",").compactMap { WarehouseDialect(rawValue: String($0)) }
        if postgres == nil { printError("no --postgres: only SQLite is measured") }
        let results: [BenchmarkRunner.Result]
        do {
            results = try BenchmarkRunner(options: options, logger: logger, say: printError).run()
        } catch {
            printError("bench failed: \(error)")
            throw ExitStatus.runtimeFailure
        }
        printOut(json ? BenchmarkReport.json(results) : BenchmarkReport.table(results))
        if results.contains(where: { !$0.verified }) {
            printError("some loads did not verify: their figures are not valid")
            throw ExitStatus.runtimeFailure
        }
    }
}

/// Renders benchmark results; every figure sits next to the run it came from.
enum BenchmarkReport {
    static func table(_ results: [BenchmarkRunner.Result]) -> String {
        let baseline = results.last { $0.scenario.hasPrefix("per-message") }
        let header = ["scenario", "orders/s", "MB/s", "CPU s/100k", "peak RSS MiB", "batch p50/p99 ms", "e2e p50/p99 ms", "vs baseline", "verified"]
        var rows = [header]
        for r in results {
            rows.append([
                r.scenario, String(format: "%.0f", r.ordersPerSecond), String(format: "%.1f", r.megabytesPerSecond),
                r.cpuSeconds > 0 ? String(format: "%.2f", r.cpuSecondsPer100k) : "-",
                r.peakResidentBytes > 0 ? String(format: "%.1f", Double(r.peakResidentBytes) / 1_048_576) : "-",
                r.batchP99 > 0 ? "\(r.batchP50)/\(r.batchP99)" : "-",
                r.latencyP99.map { "\(r.latencyP50 ?? 0)/\($0)" } ?? "-",
                baseline.map { String(format: "%.0f×", r.ordersPerSecond / max($0.ordersPerSecond, 0.001)) } ?? "-",
                r.verified ? "yes" : "NO",
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func json(_ results: [BenchmarkRunner.Result]) -> String {
        let baseline = results.last { $0.scenario.hasPrefix("per-message") }
        let objects = results.map { r in
            var fields = [
                "\"scenario\":\(JSONText.string(r.scenario))",
                "\"orders\":\(r.orders)", String(format: "\"orders_per_second\":%.1f", r.ordersPerSecond),
                String(format: "\"megabytes_per_second\":%.2f", r.megabytesPerSecond), String(format: "\"cpu_seconds_per_100k\":%.3f", r.cpuSecondsPer100k),
                "\"peak_rss_bytes\":\(r.peakResidentBytes)", "\"batch_p50_ms\":\(r.batchP50)", "\"batch_p99_ms\":\(r.batchP99)",
                "\"verified\":\(r.verified)",
            ]
            if let p99 = r.latencyP99 { fields.append("\"latency_p50_ms\":\(r.latencyP50 ?? 0),\"latency_p99_ms\":\(p99)") }
            if let baseline { fields.append(String(format: "\"ratio_to_baseline\":%.1f", r.ordersPerSecond / max(baseline.ordersPerSecond, 0.001))) }
            return "{" + fields.joined(separator: ",") + "}"
        }
        return "[" + objects.joined(separator: ",\n ") + "]"
    }
}
