import Benchmark
import Daemon
import Foundation
import StarSchema

/// Renders benchmark results; every figure sits next to the run it came from, written as the
/// README writes them (`25,631`, `3.16`, `166 MiB`).
enum BenchmarkReport {
    static func table(_ results: [BenchmarkRunner.Result]) -> String {
        let floor = results.first { $0.isCopyFloor }
        let floorCPU = floor?.postgresCPUSecondsPer100k
        let baseline = results.last { $0.scenario.hasPrefix("per-message") }
        let header = [
            "scenario", "orders/s", "MB/s", "daemon CPU s/100k", "PG CPU s/100k", "daemon CPU × floor",
            "PG CPU × floor",
            "peak RSS", "batch p50/p99 ms", "produce→commit p50/p99 ms", "vs baseline", "verified",
        ]
        var rows = [header]
        for r in results {
            let daemonCPU = r.cpuSeconds > 0 ? r.cpuSecondsPer100k : nil
            rows.append([
                r.scenario, grouped(r.ordersPerSecond), String(format: "%.1f", r.megabytesPerSecond),
                daemonCPU.map(decimal) ?? "-", r.postgresCPUSecondsPer100k.map(decimal) ?? "-",
                ratio(daemonCPU, to: floorCPU), ratio(r.postgresCPUSecondsPer100k, to: floorCPU),
                r.peakResidentBytes > 0 ? mebibytes(r.peakResidentBytes) : "-",
                r.batchP99 > 0 ? "\(grouped(r.batchP50))/\(grouped(r.batchP99))" : "-",
                r.latencyP99.map { "\(grouped(r.latencyP50 ?? 0))/\(grouped($0))" } ?? "-",
                r.isCopyFloor
                    ? "-" : baseline.map { ratio(r.ordersPerSecond, to: $0.ordersPerSecond, digits: 0) } ?? "-",
                r.verified ? "yes" : "NO",
            ])
        }
        var legend = [
            "",
            "orders/s: orders committed per second from the settled consumer group to the last commit; the floor's are fact rows.",
            "daemon CPU: the daemon process (user + system, /proc); PG CPU: every process of the PostgreSQL cluster (postmaster",
            "  and its children, /proc) over the same window, less the benchmark's own polling backend.",
        ]
        if let floorCPU {
            legend.append(
                "× floor: CPU s per 100k orders ÷ the COPY floor's PG CPU s per 100k fact rows (\(decimal(floorCPU))).")
        } else {
            legend.append("× floor: not measured (needs PostgreSQL on this machine and psql).")
        }
        legend.append(
            "produce→commit: the daemon's own histogram, from each record's Kafka timestamp to its batch's commit.")
        return align(rows) + "\n" + legend.joined(separator: "\n")
    }

    static func json(_ results: [BenchmarkRunner.Result]) -> String {
        let floorCPU = results.first { $0.isCopyFloor }?.postgresCPUSecondsPer100k
        let baseline = results.last { $0.scenario.hasPrefix("per-message") }
        let objects = results.map { r in
            let kind = r.isCopyFloor ? "copy_floor" : r.scenario.hasPrefix("per-message") ? "baseline" : "daemon"
            var fields = [
                "\"scenario\":\(JSONText.string(r.scenario))", "\"kind\":\"\(kind)\"",
                "\"orders\":\(r.orders)", String(format: "\"orders_per_second\":%.1f", r.ordersPerSecond),
                String(format: "\"megabytes_per_second\":%.2f", r.megabytesPerSecond),
                String(format: "\"cpu_seconds_per_100k\":%.3f", r.cpuSecondsPer100k),
                "\"peak_rss_bytes\":\(r.peakResidentBytes)", "\"batch_p50_ms\":\(r.batchP50)",
                "\"batch_p99_ms\":\(r.batchP99)",
                "\"verified\":\(r.verified)",
            ]
            if let pg = r.postgresCPUSecondsPer100k {
                fields.append(String(format: "\"postgres_cpu_seconds_per_100k\":%.3f", pg))
            }
            if let floorCPU, floorCPU > 0 {
                if r.cpuSeconds > 0 {
                    fields.append(String(format: "\"daemon_cpu_x_floor\":%.2f", r.cpuSecondsPer100k / floorCPU))
                }
                if let pg = r.postgresCPUSecondsPer100k {
                    fields.append(String(format: "\"postgres_cpu_x_floor\":%.2f", pg / floorCPU))
                }
            }
            if let p99 = r.latencyP99 {
                fields.append("\"latency_p50_ms\":\(r.latencyP50 ?? 0),\"latency_p99_ms\":\(p99)")
            }
            if let baseline, !r.isCopyFloor {
                fields.append(
                    String(
                        format: "\"ratio_to_baseline\":%.1f", r.ordersPerSecond / max(baseline.ordersPerSecond, 0.001)))
            }
            return "{" + fields.joined(separator: ",") + "}"
        }
        return "[" + objects.joined(separator: ",\n ") + "]"
    }

    static func table(_ soak: SoakResult) -> String {
        let start = soak.start, end = soak.end
        let rows = [
            ["", "after minute \(start.minute)", "after minute \(end.minute)", "change"],
            [
                "RSS", mebibytes(start.residentBytes), mebibytes(end.residentBytes),
                String(
                    format: "%+.1f %%",
                    Double(end.residentBytes - start.residentBytes) / Double(max(start.residentBytes, 1)) * 100),
            ],
            [
                "open file descriptors", "\(start.openFileDescriptors)", "\(end.openFileDescriptors)",
                String(format: "%+d", end.openFileDescriptors - start.openFileDescriptors),
            ],
            [
                "produce→commit p50/p99 ms, last minute", "\(grouped(start.latencyP50))/\(grouped(start.latencyP99))",
                "\(grouped(end.latencyP50))/\(grouped(end.latencyP99))", "",
            ],
            ["records timed in that minute", grouped(start.latencyCount), grouped(end.latencyCount), ""],
            [
                "orders loaded", grouped(start.ordersLoaded), grouped(end.ordersLoaded),
                "+" + grouped(end.ordersLoaded - start.ordersLoaded),
            ],
            ["lag (in Kafka, not committed)", grouped(start.lag), grouped(end.lag), ""],
        ]
        let yes = { (flag: Bool) in flag ? "yes" : "NO" }
        return [
            "soak: \(grouped(soak.rate)) orders/s for \(soak.minutes) min into postgresql (FKs informational), \(soak.workers) workers",
            "", align(rows), "",
            "RSS flat (within 10 %): \(yes(soak.residentFlat)); file descriptors flat (±2): \(yes(soak.descriptorsFlat)); "
                + "kept up (lag ≤ 5 s of orders at the end): \(yes(soak.keptUp)); tables verified: \(yes(soak.verified))",
            "minute \(start.minute) to \(end.minute): daemon CPU \(decimal(soak.daemonCPUSecondsPer100k)) s per 100k orders, "
                + "PG CPU \(soak.postgresCPUSecondsPer100k.map(decimal) ?? "-") s per 100k; peak RSS \(mebibytes(soak.peakResidentBytes))",
            "produce→commit: Kafka timestamp (delivery reports) to the first look (every 50 ms) that finds the offset committed.",
        ].joined(separator: "\n")
    }

    static func json(_ soak: SoakResult) -> String {
        func sample(_ s: SoakResult.Sample) -> String {
            "{\"minute\":\(s.minute),\"rss_bytes\":\(s.residentBytes),\"open_fds\":\(s.openFileDescriptors),"
                + "\"latency_p50_ms\":\(s.latencyP50),\"latency_p99_ms\":\(s.latencyP99),\"latency_count\":\(s.latencyCount),"
                + "\"orders_loaded\":\(s.ordersLoaded),\"lag\":\(s.lag)}"
        }
        var fields = [
            "\"scenario\":\"soak\"", "\"rate\":\(soak.rate)", "\"minutes\":\(soak.minutes)",
            "\"workers\":\(soak.workers)",
            "\"start\":\(sample(soak.start))", "\"end\":\(sample(soak.end))",
            String(format: "\"daemon_cpu_seconds_per_100k\":%.3f", soak.daemonCPUSecondsPer100k),
            "\"peak_rss_bytes\":\(soak.peakResidentBytes)", "\"rss_flat\":\(soak.residentFlat)",
            "\"fds_flat\":\(soak.descriptorsFlat)", "\"kept_up\":\(soak.keptUp)", "\"verified\":\(soak.verified)",
        ]
        if let pg = soak.postgresCPUSecondsPer100k {
            fields.append(String(format: "\"postgres_cpu_seconds_per_100k\":%.3f", pg))
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// `25,631`: rounded, with thousands separators whatever the locale.
    static func grouped(_ value: Double) -> String { Int(value.rounded()).groupedDigits }

    static func grouped(_ value: Int) -> String { value.groupedDigits }

    static func decimal(_ value: Double) -> String { String(format: "%.2f", value) }

    static func mebibytes(_ bytes: Int) -> String { "\(grouped(Double(bytes) / 1_048_576)) MiB" }

    /// `5.8×`, or `-` when either side is missing.
    static func ratio(_ value: Double?, to reference: Double?, digits: Int = 1) -> String {
        guard let value, let reference, reference > 0 else { return "-" }
        return String(format: "%.\(digits)f×", value / reference)
    }

    /// Columns padded to their widest cell: the first left-aligned, the figures right-aligned.
    static func align(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
