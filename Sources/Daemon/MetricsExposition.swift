import CoreMetrics
import Prometheus

/// A metrics backend the daemon writes to and `/metrics` reads from: a swift-metrics factory and the
/// Prometheus text of everything recorded through it.
///
/// The command line makes one per process and bootstraps `MetricsSystem` with its factory (libraries that
/// use swift-metrics land in the same registry); tests make their own, so nothing global is touched.
package struct MetricsExposition: Sendable {
    package var factory: any MetricsFactory
    package var render: @Sendable () -> [UInt8]

    package init(factory: any MetricsFactory, render: @escaping @Sendable () -> [UInt8]) {
        self.factory = factory
        self.render = render
    }

    /// A fresh Prometheus registry with starsink's histogram buckets.
    package static func prometheus() -> MetricsExposition {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            // A batch is one transaction: tens of milliseconds when small, seconds when the warehouse is slow.
            MetricName.batchDuration: [
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
                .seconds(10), .seconds(30),
            ],
            // Produce→commit includes the batch wait (200 ms by default) and any backlog: up to minutes after an outage.
            MetricName.produceToCommit: [
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
            ],
        ]
        return MetricsExposition(factory: factory, render: { registry.emitToBuffer() })
    }
}
