/// The figures the daemon logs when it stops (`starsink stopped … batch.p50_ms=… latency.p99_ms=…`): the
/// percentiles of its own 5 %-wide histograms, finer than the Prometheus buckets `/metrics` exports.
struct StopSummary {
    var batchP50 = 0
    var batchP99 = 0
    var latencyP50: Int?
    var latencyP99: Int?

    init(_ stderr: String) {
        guard let line = stderr.split(separator: "\n").last(where: { $0.contains("starsink stopped") }) else { return }
        func value(_ key: String) -> Int? {
            guard let range = line.firstRange(of: key + "=") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        batchP50 = value("batch.p50_ms") ?? 0
        batchP99 = value("batch.p99_ms") ?? 0
        latencyP50 = value("latency.p50_ms")
        latencyP99 = value("latency.p99_ms")
    }
}
