import PrometheusScrape

/// The daemon's `/metrics` on 127.0.0.1:`port`, parsed: the signal tests read where a counter says what
/// happened (a fence, a warehouse error by SQLSTATE), rather than matching the wording of a log line.
/// Blocking: call it from a synchronous test or through `offThePool`.
package func scrapeMetrics(port: Int) throws -> PrometheusText {
    let answer = try HTTPGet.fetch(port: port, path: "/metrics")
    guard answer.status == 200 else { throw TestFailure("/metrics answered \(answer.status): \(answer.body)") }
    return try PrometheusText(parsing: answer.body)
}

/// `name`'s samples summed, as a scrape of `port` shows them now; 0 while nothing answers there yet.
package func scrapedSum(_ name: String, port: Int) -> Double {
    (try? scrapeMetrics(port: port))?.sum(name) ?? 0
}
