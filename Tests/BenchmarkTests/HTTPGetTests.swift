import PrometheusScrape
import Testing
import TestSupport

/// The benchmark's HTTP GET. Against the daemon's own server it is exercised where that server runs
/// for real, in the daemon process (EndToEndTests' MetricsEndpointTests read /metrics, /health and
/// /ready through it): a server inside this test process would share Swift's few cooperative threads
/// with every blocking test and answer late.
@Suite(.timeLimit(.minutes(1))) struct HTTPGetTests {
    @Test func aPortWithNothingOnItIsAScrapeError() throws {
        let unused = try LoopbackSocket.freePort()
        #expect(throws: ScrapeError.self) { try HTTPGet.fetch(port: unused, path: "/metrics") }
    }
}
