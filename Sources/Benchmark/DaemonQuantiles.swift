import Daemon
import PrometheusScrape

/// The daemon's own batch and produce→commit percentiles since it started, as its `/metrics` reports them
/// (`starsink_batch_duration_quantile_seconds` and `starsink_produce_to_commit_quantile_seconds`, from its
/// 5 %-wide histograms: finer than the Prometheus buckets), in milliseconds.
struct DaemonQuantiles {
    var batchP50 = 0
    var batchP99 = 0
    var latencyP50: Int?
    var latencyP99: Int?

    /// Zeros and nils when the daemon did not answer.
    init(_ metrics: PrometheusText?) {
        func milliseconds(_ name: String, _ quantile: String) -> Int? {
            metrics?.value(name, ["quantile": quantile]).map { Int(($0 * 1000).rounded()) }
        }
        batchP50 = milliseconds(MetricName.batchDurationQuantile, "0.5") ?? 0
        batchP99 = milliseconds(MetricName.batchDurationQuantile, "0.99") ?? 0
        latencyP50 = milliseconds(MetricName.produceToCommitQuantile, "0.5")
        latencyP99 = milliseconds(MetricName.produceToCommitQuantile, "0.99")
    }
}
