import Daemon
import Logging
import PrometheusScrape
import Systemd
import Testing
import TestSupport

/// The benchmark's HTTP GET against the daemon's own server (FlyingFox), on a port of its own.
@Suite(.timeLimit(.minutes(1))) struct HTTPGetTests {
    @Test func readsTheDaemonsEndpointsAndReportsAPortWithNothingOnIt() async throws {
        let port = try LoopbackSocket.freePort()
        let gate = WatchdogGate(stallLimit: .seconds(30))
        let exposition = MetricsExposition.prometheus()
        let metrics = PipelineMetrics(factory: exposition.factory)
        metrics.recordRebalance(assigned: true)
        let probes = DaemonProbes(gate: gate, stallLimit: .seconds(30), metrics: metrics, exposition: exposition)
        let server = MetricsServer(probes: probes, logger: Logger(label: "test"))
        defer { server.shutdown() }
        server.listen(on: ListenAddress(host: "127.0.0.1", port: UInt16(port), family: .ipv4))
        let answered = try await offThePool {
            try waitUntil(timeout: .seconds(20)) { (try? HTTPGet.fetch(port: port, path: "/metrics")) != nil }
        }
        #expect(answered)
        let scrape = try await offThePool { try HTTPGet.fetch(port: port, path: "/metrics") }
        #expect(scrape.status == 200)
        #expect(try PrometheusText(parsing: scrape.body).value(MetricName.rebalances, ["event": "assigned"]) == 1)
        let ready = try await offThePool { try HTTPGet.fetch(port: port, path: "/ready") }
        #expect(ready.status == 503)
        #expect(ready.body.hasPrefix("not ready: starting"), "\(ready.body)")

        let unused = try LoopbackSocket.freePort()
        #expect(throws: ScrapeError.self) { try HTTPGet.fetch(port: unused, path: "/metrics") }
    }
}
