import Foundation
import Kafka
import Synchronization

/// Batch limits, changed live by a reload while workers run.
package struct BatchLimits: Sendable, Equatable {
    package var maxRecords: Int
    package var maxBytes: Int
    package var maxWait: Duration

    package init(_ pipeline: Configuration.Pipeline) {
        maxRecords = pipeline.batchMaxRecords
        maxBytes = pipeline.batchMaxBytes
        maxWait = .milliseconds(pipeline.batchMaxWaitMilliseconds)
    }
}

/// The shared, live batch limits. Workers read them at the start of every batch.
package final class LiveSettings: Sendable {
    private let limits: Mutex<BatchLimits>

    package init(_ limits: BatchLimits) { self.limits = Mutex(limits) }

    package var batchLimits: BatchLimits {
        get { limits.withLock { $0 } }
        set { limits.withLock { $0 = newValue } }
    }
}

/// A stop request that workers check between polls and wait on during backoff.
package final class StopSignal: Sendable {
    private let state = Mutex(false)

    package init() {}

    package var isRequested: Bool { state.withLock { $0 } }

    package func request() { state.withLock { $0 = true } }

    /// Waits up to `timeout` or until a stop is requested, checking every 50 ms. Used for backoff
    /// only (waiting is the point there), never to wait for another thread's work.
    package func wait(for timeout: Duration) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !isRequested, clock.now < deadline {
            let remaining = deadline - clock.now
            Thread.sleep(forTimeInterval: min(0.05, remaining.inSeconds))
        }
    }
}

/// Counters the daemon shows in STATUS and logs, shared by the workers.
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
        /// Warehouse errors seen by the workers, by SQLSTATE ("" when the error had none).
        package var warehouseErrors: [String: Int] = [:]
        /// Wall time of each batch transaction, from its first statement to the commit.
        package var batchMilliseconds = LatencyHistogram()
        /// From the message's Kafka timestamp (producer CreateTime) to the warehouse commit, per record.
        package var endToEndMilliseconds = LatencyHistogram()
        package var totalLag: Int64 { lag.values.reduce(0, +) }
    }

    private let state = Mutex(Snapshot())

    package init() {}

    package var snapshot: Snapshot { state.withLock { $0 } }

    package func recordBatch(loaded: Int, rejected: Int, duplicates: Int, milliseconds: Int64, endToEnd: LatencyHistogram) {
        state.withLock {
            $0.batchMilliseconds.record(milliseconds: milliseconds)
            $0.endToEndMilliseconds.merge(endToEnd)
            $0.loaded += loaded
            $0.rejected += rejected
            $0.duplicates += duplicates
            $0.batches += 1
            $0.warehouseProblem = nil
        }
    }

    package func setWarehouseProblem(_ problem: String?) { state.withLock { $0.warehouseProblem = problem } }
    package func setLag(_ partition: TopicPartition, _ lag: Int64) { state.withLock { $0.lag[partition] = max(lag, 0) } }
    package func forgetLag(_ partitions: [TopicPartition]) { state.withLock { for p in partitions { $0.lag[p] = nil } } }
    package func recordWarehouseError(sqlstate: String) { state.withLock { $0.warehouseErrors[sqlstate, default: 0] += 1 } }
    package func recordRetentionGap() { state.withLock { $0.retentionGaps += 1 } }
}
