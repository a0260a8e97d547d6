import Foundation
import Synchronization
import Systemd

/// What `/health`, `/ready` and `/metrics` answer, read from state the supervisor and workers keep anyway.
///
/// Threading: called from the HTTP server's tasks on Swift's cooperative pool; everything read here is
/// behind a Mutex held for a moment (the gate, the readiness, the metric handles), so a scrape never waits
/// on a worker and a worker never waits on a scrape.
package final class DaemonProbes: Sendable {
    package struct Answer: Sendable, Equatable {
        package var healthy: Bool
        package var body: String
    }

    private enum Readiness {
        case starting
        case ready
        case stopping
    }

    private let readiness = Mutex(Readiness.starting)
    private let gate: WatchdogGate
    private let stallLimit: Duration
    private let metrics: PipelineMetrics
    private let exposition: MetricsExposition

    package init(gate: WatchdogGate, stallLimit: Duration, metrics: PipelineMetrics, exposition: MetricsExposition) {
        self.gate = gate
        self.stallLimit = stallLimit
        self.metrics = metrics
        self.exposition = exposition
    }

    /// READY=1 was sent.
    package func markReady() { readiness.withLock { $0 = .ready } }

    /// STOPPING=1 was sent: a load balancer should stop counting on this process.
    package func markStopping() { readiness.withLock { $0 = .stopping } }

    /// Healthy while every worker makes progress or waits by choice: the rule that gates the watchdog pings.
    package func health(now: ContinuousClock.Instant = .now) -> Answer {
        let stalled = gate.stalledWorkers(now: now)
        guard !stalled.isEmpty else { return Answer(healthy: true, body: "ok\n") }
        let who =
            stalled.count == 1
            ? "worker \(stalled[0]) is" : "workers \(stalled.map(String.init).joined(separator: ", ")) are"
        return Answer(
            healthy: false,
            body: """
                unhealthy: \(who) stalled: inside a warehouse or Kafka call for more than \(String(format: "%g", stallLimit.inSeconds))s \
                without progress\n
                """)
    }

    package func ready() -> Answer {
        switch readiness.withLock({ $0 }) {
        case .starting:
            Answer(healthy: false, body: "not ready: starting (waiting for the warehouse and the consumer group)\n")
        case .ready: Answer(healthy: true, body: "ready\n")
        case .stopping: Answer(healthy: false, body: "not ready: stopping\n")
        }
    }

    /// The Prometheus text, with the values that are read rather than counted brought up to date first.
    package func scrape(now: ContinuousClock.Instant = .now) -> [UInt8] {
        metrics.recordProbes(
            stalledWorkers: gate.stalledWorkers(now: now).count, ready: ready().healthy,
            residentBytes: Self.residentBytes())
        return exposition.render()
    }

    /// This process's resident set from /proc/self/statm (pages), nil where there is no /proc.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }
}
