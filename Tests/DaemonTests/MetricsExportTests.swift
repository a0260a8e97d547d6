import Foundation
import Kafka
import MetricsTestKit
import PrometheusScrape
import Testing
import TestSupport
@testable import Daemon

/// What the workers count reaches swift-metrics (captured with its test kit, never the global bootstrap),
/// and the Prometheus text that `/metrics` serves holds every documented name.
@Suite struct MetricsExportTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One of everything the daemon records, so every series exists.
    func exerciseEverything(_ metrics: PipelineMetrics) {
        let partition = TopicPartition(topic: "orders", partition: 3)
        metrics.workerStarted()
        metrics.workerStarted()
        metrics.workerStopped()
        metrics.recordRebalance(assigned: true)
        metrics.recordBatch(
            loaded: 7, deadLetters: ["invalid_json": 2, "missing_field": 1], duplicates: 4,
            duration: .milliseconds(120), produceToCommitMilliseconds: [80, 300, 1500])
        metrics.setLag(partition, 42)
        metrics.recordWarehouseError(sqlstate: "08001")
        metrics.recordWarehouseError(sqlstate: "23505", retrying: false)
        metrics.recordFence()
        metrics.recordRetentionGap()
        metrics.recordProbes(stalledWorkers: 1, ready: true, residentBytes: 50_000_000)
    }

    @Test func workerCountsReachSwiftMetrics() throws {
        let test = TestMetrics()
        let metrics = PipelineMetrics(factory: test)
        exerciseEverything(metrics)
        #expect(try test.expectCounter(MetricName.ordersLoaded).totalValue == 7)
        #expect(try test.expectCounter(MetricName.deadLetters, [("code", "invalid_json")]).totalValue == 2)
        #expect(try test.expectCounter(MetricName.deadLetters, [("code", "missing_field")]).totalValue == 1)
        #expect(
            try test.expectCounter(MetricName.deadLetters, [("code", "empty_message")]).totalValue == 0,
            "every code exists at 0")
        #expect(try test.expectCounter(MetricName.duplicatesSkipped).totalValue == 4)
        #expect(try test.expectCounter(MetricName.batches).totalValue == 1)
        #expect(try test.expectTimer(MetricName.batchDuration).values == [120_000_000])
        #expect(try test.expectTimer(MetricName.produceToCommit).values == [80_000_000, 300_000_000, 1_500_000_000])
        #expect(try test.expectGauge(MetricName.lag, [("topic", "orders"), ("partition", "3")]).lastValue == 42)
        #expect(try test.expectCounter(MetricName.warehouseErrors, [("sqlstate", "08001")]).totalValue == 1)
        #expect(try test.expectCounter(MetricName.warehouseErrors, [("sqlstate", "23505")]).totalValue == 1)
        #expect(try test.expectCounter(MetricName.warehouseRetries).totalValue == 1, "a refused record is not retried")
        #expect(try test.expectCounter(MetricName.fences).totalValue == 1)
        #expect(try test.expectCounter(MetricName.rebalances, [("event", "assigned")]).totalValue == 1)
        #expect(try test.expectCounter(MetricName.retentionGaps).totalValue == 1)
        #expect(try test.expectMeter(MetricName.workers).lastValue == 1)
        #expect(try test.expectGauge(MetricName.stalledWorkers).lastValue == 1)
        #expect(try test.expectGauge(MetricName.residentMemory).lastValue == 50_000_000)
        // STATUS and the logs read the same counts.
        #expect(metrics.snapshot.loaded == 7 && metrics.snapshot.rejected == 3 && metrics.snapshot.duplicates == 4)
    }

    @Test func aRevokedPartitionLeavesTheLagSeries() throws {
        let exposition = MetricsExposition.prometheus()
        let metrics = PipelineMetrics(factory: exposition.factory)
        let kept = TopicPartition(topic: "orders", partition: 1)
        let revoked = TopicPartition(topic: "orders", partition: 2)
        metrics.setLag(kept, 5)
        metrics.setLag(revoked, 9)
        metrics.forgetLag([revoked])
        var samples = try PrometheusText(parsing: String(decoding: exposition.render(), as: UTF8.self))
        #expect(samples.byLabel(MetricName.lag, "partition") == ["1": 5])
        // Assigned again (a rebalance hands partitions back): the series returns.
        metrics.forgetLag([kept])
        metrics.setLag(kept, 3)
        metrics.setLag(revoked, 4)
        samples = try PrometheusText(parsing: String(decoding: exposition.render(), as: UTF8.self))
        #expect(samples.byLabel(MetricName.lag, "partition") == ["1": 3, "2": 4])
    }

    /// The Prometheus text holds every name in `MetricName.all` (histograms as `_bucket`, `_sum`, `_count`).
    @Test func thePrometheusTextHoldsEveryDocumentedName() throws {
        let names = try exportedNames()
        for name in MetricName.all {
            if MetricName.histograms.contains(name) {
                for suffix in ["_bucket", "_sum", "_count"] {
                    #expect(names.contains(name + suffix), "\(name + suffix) missing")
                }
            } else {
                #expect(names.contains(name), "\(name) missing from /metrics")
            }
        }
    }

    /// deploy/grafana/starsink.json parses, and every metric its queries name is one the daemon exports.
    @Test func theGrafanaDashboardOnlyQueriesExportedMetrics() throws {
        let url = Self.repositoryRoot.appendingPathComponent("deploy/grafana/starsink.json")
        let dashboard = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        var queries = panels.flatMap { panel in
            ((panel["targets"] as? [[String: Any]]) ?? []).compactMap { $0["expr"] as? String }
        }
        let variables = ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]]) ?? []
        queries += variables.compactMap { ($0["query"] as? [String: Any])?["query"] as? String }
        #expect(panels.count >= 6)
        let exported = try exportedNames()
        var named: Set<String> = []
        for query in queries {
            let metrics = query.matches(of: /\b(?:starsink|process)_[a-z_]+\b/).map { String($0.output) }
            #expect(!metrics.isEmpty, "a query that names no starsink metric: \(query)")
            named.formUnion(metrics)
            for metric in metrics { #expect(exported.contains(metric), "\(metric) in \"\(query)\" is not exported") }
        }
        #expect(queries.contains { $0.contains("histogram_quantile(0.99") && $0.contains(MetricName.produceToCommit) })
        for needed in [
            MetricName.ordersLoaded, MetricName.lag, MetricName.deadLetters, "starsink_warehouse_errors_total",
            MetricName.residentMemory,
        ] {
            #expect(named.contains(needed), "the dashboard shows no \(needed)")
        }
    }

    func exportedNames() throws -> Set<String> {
        let exposition = MetricsExposition.prometheus()
        exerciseEverything(PipelineMetrics(factory: exposition.factory))
        return try PrometheusText(parsing: String(decoding: exposition.render(), as: UTF8.self)).names
    }
}
