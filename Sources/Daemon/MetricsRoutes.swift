import FlyingFox
import Foundation

/// The HTTP face of ``DaemonProbes``: 200 or 503 with a one-line reason, and the Prometheus text format.
enum MetricsRoutes {
    static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    static func install(on server: HTTPServer, probes: DaemonProbes) async {
        await server.appendRoute("GET /metrics") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: prometheusContentType], body: Data(probes.scrape()))
        }
        await server.appendRoute("GET /health") { _ in answer(probes.health()) }
        await server.appendRoute("GET /ready") { _ in answer(probes.ready()) }
    }

    private static func answer(_ answer: DaemonProbes.Answer) -> HTTPResponse {
        HTTPResponse(
            statusCode: answer.healthy ? .ok : .serviceUnavailable,
            headers: [.contentType: "text/plain; charset=utf-8"], body: Data(answer.body.utf8))
    }
}
