import Daemon
import PrometheusScrape

/// Whether the daemon's consumer group has settled, from its `starsink_rebalances_total` counters:
/// every worker's latest rebalance event is an assignment.
///
/// The benchmark's daemons use librdkafka's default, eager assignors (range, roundrobin), under which
/// each worker's events alternate: an assignment first, then a revocation before every rejoin. So
/// assignments minus revocations counts the workers whose latest event is an assignment, and when
/// that is every worker they all hold their part of one generation's assignment, which covers every
/// partition of the topic.
enum GroupSettlement {
    static func isSettled(_ metrics: PrometheusText, workers: Int) -> Bool {
        let assigned = metrics.value(MetricName.rebalances, ["event": "assigned"]) ?? 0
        let revoked = metrics.value(MetricName.rebalances, ["event": "revoked"]) ?? 0
        return assigned - revoked == Double(max(workers, 1))
    }
}
