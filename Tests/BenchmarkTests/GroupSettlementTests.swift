import Daemon
import PrometheusScrape
import Testing
@testable import Benchmark

/// The benchmark starts its clocks only once the daemon's consumer group has settled, as its /metrics
/// tells: the rebalance counters are recorded and rendered by the daemon's own metrics code here.
@Suite struct GroupSettlementTests {
    @Test func settledOnlyWhenEveryWorkersLatestEventIsAnAssignment() throws {
        let exposition = MetricsExposition.prometheus()
        let metrics = PipelineMetrics(factory: exposition.factory)
        func settled(workers: Int) throws -> Bool {
            GroupSettlement.isSettled(
                try PrometheusText(parsing: String(decoding: exposition.render(), as: UTF8.self)),
                workers: workers)
        }
        #expect(try !settled(workers: 2))  // nobody in yet: both counters exported at 0
        metrics.recordRebalance(assigned: true)  // worker 1 takes every partition
        #expect(try !settled(workers: 2))  // worker 2 not in yet
        #expect(try settled(workers: 1))
        metrics.recordRebalance(assigned: false)  // worker 1 gives them up for the rebalance worker 2 starts
        #expect(try !settled(workers: 2))
        metrics.recordRebalance(assigned: true)  // worker 2 gets its half
        #expect(try !settled(workers: 2))  // worker 1 still revoked
        metrics.recordRebalance(assigned: true)  // worker 1 gets its half
        #expect(try settled(workers: 2))
        #expect(try !settled(workers: 3))
    }

    @Test func nothingIsSettledWithoutTheCounters() throws {
        #expect(!GroupSettlement.isSettled(try PrometheusText(parsing: "starsink_workers 2\n"), workers: 2))
    }
}
