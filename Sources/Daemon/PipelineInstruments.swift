import CoreMetrics
import Kafka
import StarSchema

/// swift-metrics handles behind ``PipelineMetrics``, made from the factory the daemon was given (the CLI's
/// Prometheus factory, a test's own, or swift-metrics' no-op one).
///
/// Labelled series are made when first seen; the registry returns the same series for the same labels,
/// so making a handle again is a lookup, not a new series.
struct PipelineInstruments: Sendable {
    let factory: any MetricsFactory
    let ordersLoaded: Counter
    let duplicatesSkipped: Counter
    let batches: Counter
    let batchDuration: Timer
    let produceToCommit: Timer
    let warehouseRetries: Counter
    let fences: Counter
    let retentionGaps: Counter
    let workers: Meter
    let stalledWorkers: Gauge
    let ready: Gauge
    let residentMemory: Gauge
    /// `quantile` 0.5 and 0.99, in that order.
    let batchDurationQuantiles: [Gauge]
    let produceToCommitQuantiles: [Gauge]
    static let quantiles: [(label: String, fraction: Double)] = [("0.5", 0.5), ("0.99", 0.99)]

    init(factory: any MetricsFactory) {
        self.factory = factory
        ordersLoaded = Counter(label: MetricName.ordersLoaded, factory: factory)
        duplicatesSkipped = Counter(label: MetricName.duplicatesSkipped, factory: factory)
        batches = Counter(label: MetricName.batches, factory: factory)
        batchDuration = Timer(label: MetricName.batchDuration, factory: factory)
        produceToCommit = Timer(label: MetricName.produceToCommit, factory: factory)
        warehouseRetries = Counter(label: MetricName.warehouseRetries, factory: factory)
        fences = Counter(label: MetricName.fences, factory: factory)
        retentionGaps = Counter(label: MetricName.retentionGaps, factory: factory)
        workers = Meter(label: MetricName.workers, factory: factory)
        stalledWorkers = Gauge(label: MetricName.stalledWorkers, factory: factory)
        ready = Gauge(label: MetricName.ready, factory: factory)
        residentMemory = Gauge(label: MetricName.residentMemory, factory: factory)
        batchDurationQuantiles = Self.quantiles.map {
            Gauge(label: MetricName.batchDurationQuantile, dimensions: [("quantile", $0.label)], factory: factory)
        }
        produceToCommitQuantiles = Self.quantiles.map {
            Gauge(label: MetricName.produceToCommitQuantile, dimensions: [("quantile", $0.label)], factory: factory)
        }
        // Every code and both rebalance events exist from the start at 0, so rate() and increase() see
        // the first one; a series that appears with its first sample hides that sample from them.
        for code in RejectionCode.allCases { _ = deadLetters(code.rawValue) }
        for event in ["assigned", "revoked"] { _ = rebalances(event) }
        workers.set(0)
        ready.record(0)
    }

    func deadLetters(_ code: String) -> Counter {
        Counter(label: MetricName.deadLetters, dimensions: [("code", code)], factory: factory)
    }

    func rebalances(_ event: String) -> Counter {
        Counter(label: MetricName.rebalances, dimensions: [("event", event)], factory: factory)
    }

    /// SQLSTATE as the label value; "none" when the error carried none (a driver that failed to load).
    func warehouseErrors(_ sqlstate: String) -> Counter {
        Counter(
            label: MetricName.warehouseErrors, dimensions: [("sqlstate", sqlstate.isEmpty ? "none" : sqlstate)],
            factory: factory)
    }

    func lag(_ partition: TopicPartition) -> Gauge {
        Gauge(
            label: MetricName.lag, dimensions: [("topic", partition.topic), ("partition", "\(partition.partition)")],
            factory: factory)
    }
}
