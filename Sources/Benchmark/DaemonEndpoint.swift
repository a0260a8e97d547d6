import PrometheusScrape

/// Where a benchmark daemon serves `/metrics`: a loopback port of its own, so that the benchmark's
/// daemons never race each other (or a daemon already running on this host) for the default one.
struct DaemonEndpoint {
    let port: Int

    /// A port that nothing listened on a moment ago.
    static func fresh() throws -> DaemonEndpoint { DaemonEndpoint(port: try LoopbackSocket.freePort()) }

    /// The daemon's `metrics.listen`.
    var listen: String { "127.0.0.1:\(port)" }

    /// What the daemon reports now; nil while nothing answers on the port (the daemon is still starting,
    /// or it could not bind it). Throws when something answers with other than Prometheus text.
    func scrape() throws -> PrometheusText? {
        let answer: HTTPGet.Response
        do {
            answer = try HTTPGet.fetch(port: port, path: "/metrics", timeout: .seconds(2))
        } catch {
            return nil
        }
        guard answer.status == 200 else {
            throw BenchmarkError("/metrics on \(listen) answered \(answer.status): \(answer.body)")
        }
        do {
            return try PrometheusText(parsing: answer.body)
        } catch {
            throw BenchmarkError("/metrics on \(listen): \(error)")
        }
    }
}
