import CoreMetrics
import Foundation
import Kafka
import Synchronization

/// Counters the daemon shows in STATUS, logs and `/metrics`, shared by the workers.
///
/// The snapshot (behind a Mutex) serves STATUS and the log lines; every change is also fed to the
/// swift-metrics handles in ``PipelineInstruments``, outside the lock, for Prometheus.
package final class PipelineMetrics: Sendable {
    package struct Snapshot: Sendable, Equatable {
        package var loaded = 0
        package var rejected = 0
        package var duplicates = 0
        package var batches = 0
        package var lag: [TopicPartition: Int64] = [:]
        /// Why the warehouse is not being written, while that is so (e.g. `warehouse unreachable, retrying in 8s`).
        package var warehouseProblem: String?
        package var retentionGaps = 0
        /// Warehouse errors seen by the workers and the start-up check, by SQLSTATE ("" when the error had none).
        package var warehouseErrors: [String: Int] = [:]
        /// Wall time of each batch transaction, from its first statement to the commit.
        package var batchMilliseconds = LatencyHistogram()
        /// From the message's Kafka timestamp (producer CreateTime) to the warehouse commit, per record.
        package var endToEndMilliseconds = LatencyHistogram()
        package var totalLag: Int64 { lag.values.reduce(0, +) }
    }

    private let state = Mutex(Snapshot())
    private let instruments: PipelineInstruments

    /// `factory`: where the Prometheus side goes; the no-op factory when only STATUS and logs matter.
    package init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        instruments = PipelineInstruments(factory: factory)
    }

    package var snapshot: Snapshot { state.withLock { $0 } }

    /// One committed batch. `deadLetters`: how many of each rejection code; `produceToCommitMilliseconds`:
    /// each record's time from its Kafka timestamp to this commit.
    package func recordBatch(
        loaded: Int, deadLetters: [String: Int], duplicates: Int, duration: Duration,
        produceToCommitMilliseconds: [Int64]
    ) {
        var endToEnd = LatencyHistogram()
        for milliseconds in produceToCommitMilliseconds { endToEnd.record(milliseconds: milliseconds) }
        let rejected = deadLetters.values.reduce(0, +)
        let (batchQuantiles, endToEndQuantiles) = state.withLock { state in
            state.batchMilliseconds.record(milliseconds: duration.milliseconds)
            state.endToEndMilliseconds.merge(endToEnd)
            state.loaded += loaded
            state.rejected += rejected
            state.duplicates += duplicates
            state.batches += 1
            state.warehouseProblem = nil
            let fractions = PipelineInstruments.quantiles.map(\.fraction)
            return (
                fractions.map { state.batchMilliseconds.percentile($0) },
                fractions.map { state.endToEndMilliseconds.percentile($0) }
            )
        }
        for (gauge, milliseconds) in zip(instruments.batchDurationQuantiles, batchQuantiles) {
            gauge.record(Double(milliseconds) / 1000)
        }
        if !produceToCommitMilliseconds.isEmpty {
            for (gauge, milliseconds) in zip(instruments.produceToCommitQuantiles, endToEndQuantiles) {
                gauge.record(Double(milliseconds) / 1000)
            }
        }
        instruments.ordersLoaded.increment(by: loaded)
        instruments.duplicatesSkipped.increment(by: duplicates)
        instruments.batches.increment()
        instruments.batchDuration.recordNanoseconds(duration.nanoseconds)
        for (code, count) in deadLetters { instruments.deadLetters(code).increment(by: count) }
        for milliseconds in produceToCommitMilliseconds {
            instruments.produceToCommit.recordMilliseconds(max(0, milliseconds))
        }
    }

    package func setWarehouseProblem(_ problem: String?) { state.withLock { $0.warehouseProblem = problem } }

    package func setLag(_ partition: TopicPartition, _ lag: Int64) {
        state.withLock { $0.lag[partition] = max(lag, 0) }
        instruments.lag(partition).record(max(lag, 0))
    }

    /// Revoked partitions leave the lag series: their new owner (maybe another process) reports them.
    package func forgetLag(_ partitions: [TopicPartition]) {
        state.withLock { for p in partitions { $0.lag[p] = nil } }
        for partition in partitions { instruments.lag(partition).destroy() }
    }

    /// A warehouse error; `retrying` when the worker backs off and tries again (not for a refused record,
    /// which is split off and dead-lettered instead).
    package func recordWarehouseError(sqlstate: String, retrying: Bool = true) {
        state.withLock { $0.warehouseErrors[sqlstate, default: 0] += 1 }
        instruments.warehouseErrors(sqlstate).increment()
        if retrying { instruments.warehouseRetries.increment() }
    }

    package func recordRetentionGap() {
        state.withLock { $0.retentionGaps += 1 }
        instruments.retentionGaps.increment()
    }

    /// Another writer moved an offset row under a batch: the batch was dropped and the partition re-read.
    package func recordFence() { instruments.fences.increment() }

    package func recordRebalance(assigned: Bool) {
        instruments.rebalances(assigned ? "assigned" : "revoked").increment()
    }

    package func workerStarted() { instruments.workers.increment() }

    package func workerStopped() { instruments.workers.decrement() }

    /// Values read when scraped rather than counted as they happen.
    package func recordProbes(stalledWorkers: Int, ready: Bool, residentBytes: Int?) {
        instruments.stalledWorkers.record(stalledWorkers)
        instruments.ready.record(ready ? 1 : 0)
        if let residentBytes { instruments.residentMemory.record(residentBytes) }
    }
}

extension Duration {
    /// Whole nanoseconds (an Int64 holds 292 years of them).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
