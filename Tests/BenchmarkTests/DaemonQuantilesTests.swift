import Daemon
import PrometheusScrape
import Testing
@testable import Benchmark

/// The percentiles the benchmark prints are the ones the daemon's /metrics reports, in milliseconds.
@Suite struct DaemonQuantilesTests {
    @Test func readsTheDaemonsQuantileGauges() throws {
        let text = """
            # TYPE starsink_batch_duration_quantile_seconds gauge
            starsink_batch_duration_quantile_seconds{quantile="0.5"} 0.762
            starsink_batch_duration_quantile_seconds{quantile="0.99"} 1.0346
            # TYPE starsink_produce_to_commit_quantile_seconds gauge
            starsink_produce_to_commit_quantile_seconds{quantile="0.5"} 0.237
            starsink_produce_to_commit_quantile_seconds{quantile="0.99"} 0.762

            """
        let quantiles = DaemonQuantiles(try PrometheusText(parsing: text))
        #expect(quantiles.batchP50 == 762)
        #expect(quantiles.batchP99 == 1035)
        #expect(quantiles.latencyP50 == 237)
        #expect(quantiles.latencyP99 == 762)
    }

    @Test func aDaemonThatDidNotAnswerGivesNoFigures() {
        let quantiles = DaemonQuantiles(nil)
        #expect(quantiles.batchP50 == 0 && quantiles.batchP99 == 0)
        #expect(quantiles.latencyP50 == nil && quantiles.latencyP99 == nil)
    }
}
