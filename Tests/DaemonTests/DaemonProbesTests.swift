import Systemd
import Testing
@testable import Daemon

/// `/health` follows the watchdog's rule and `/ready` the READY=1 notification (the HTTP side is tested
/// end to end against a running daemon in EndToEndTests/MetricsEndpointTests).
@Suite struct DaemonProbesTests {
    func probes(stallLimit: Duration = .seconds(2)) -> (DaemonProbes, WatchdogGate) {
        let gate = WatchdogGate(stallLimit: stallLimit)
        let exposition = MetricsExposition.prometheus()
        let probes = DaemonProbes(
            gate: gate, stallLimit: stallLimit, metrics: PipelineMetrics(factory: exposition.factory),
            exposition: exposition)
        return (probes, gate)
    }

    @Test func healthyWhileWorkersProgressOrIdleAndUnhealthyWithTheReasonWhenOneIsStuck() {
        let (probes, gate) = probes()
        let start = ContinuousClock.now
        gate.register(worker: 1, now: start)
        gate.register(worker: 2, now: start)
        gate.idle(worker: 2, now: start)
        #expect(probes.health(now: start + .seconds(1)) == .init(healthy: true, body: "ok\n"))
        gate.busy(worker: 1, now: start + .seconds(1))
        let stuck = probes.health(now: start + .seconds(4))
        #expect(!stuck.healthy)
        #expect(stuck.body.contains("worker 1 is stalled"), "\(stuck.body)")
        #expect(stuck.body.contains("more than 2s"), "\(stuck.body)")
        gate.progressed(worker: 1, now: start + .seconds(4))
        #expect(probes.health(now: start + .seconds(5)).healthy)
        // Idle by choice (waiting for data, backing off from an outage) never counts as stuck.
        gate.idle(worker: 1, now: start + .seconds(5))
        #expect(probes.health(now: start + .seconds(600)).healthy)
    }

    @Test func readyOnlyBetweenReadyAndStopping() {
        let (probes, _) = probes()
        #expect(!probes.ready().healthy)
        #expect(probes.ready().body.contains("starting"))
        probes.markReady()
        #expect(probes.ready() == .init(healthy: true, body: "ready\n"))
        probes.markStopping()
        #expect(!probes.ready().healthy)
        #expect(probes.ready().body.contains("stopping"))
    }

    @Test func theScrapeReportsStalledWorkersReadinessAndMemory() {
        let (probes, gate) = probes()
        let start = ContinuousClock.now
        gate.register(worker: 1, now: start)
        probes.markReady()
        let text = String(decoding: probes.scrape(now: start + .seconds(3)), as: UTF8.self)
        #expect(text.contains("\n\(MetricName.stalledWorkers) 1.0"), "\(text)")
        #expect(text.contains("\n\(MetricName.ready) 1.0"))
        #expect((DaemonProbes.residentBytes() ?? 0) > 1_000_000)
    }
}
