import PrometheusScrape
import Testing
@testable import Daemon

/// The batch and produce→commit percentiles the daemon exports (and `starsink bench` prints) follow its
/// own histograms, batch after batch.
@Suite struct MetricsQuantileTests {
    func scrape(_ exposition: MetricsExposition) throws -> PrometheusText {
        try PrometheusText(parsing: String(decoding: exposition.render(), as: UTF8.self))
    }

    @Test func quantilesFollowTheBatchesRecorded() throws {
        let exposition = MetricsExposition.prometheus()
        let metrics = PipelineMetrics(factory: exposition.factory)
        for milliseconds in [100, 100, 100, 100, 2000] {
            metrics.recordBatch(
                loaded: 1, deadLetters: [:], duplicates: 0, duration: .milliseconds(Int64(milliseconds)),
                produceToCommitMilliseconds: [300, 300, 300, 9000])
        }
        let samples = try scrape(exposition)
        let median = try #require(samples.value(MetricName.batchDurationQuantile, ["quantile": "0.5"]))
        let tail = try #require(samples.value(MetricName.batchDurationQuantile, ["quantile": "0.99"]))
        // 5 %-wide buckets: within 5 % of the recorded values.
        #expect(abs(median - 0.1) <= 0.005, "median \(median)")
        #expect(abs(tail - 2.0) <= 0.1, "p99 \(tail)")
        let latency = try #require(samples.value(MetricName.produceToCommitQuantile, ["quantile": "0.5"]))
        let latencyTail = try #require(samples.value(MetricName.produceToCommitQuantile, ["quantile": "0.99"]))
        #expect(abs(latency - 0.3) <= 0.015, "produce→commit median \(latency)")
        #expect(abs(latencyTail - 9.0) <= 0.45, "produce→commit p99 \(latencyTail)")
    }
}
