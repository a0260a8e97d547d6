import Dispatch
import FlyingFox
import FlyingSocks
import Foundation
import Logging
import Synchronization

/// Serves `/metrics`, `/health` and `/ready` on `metrics.listen`, and moves when a reload changes it.
///
/// Threading: the HTTP server (FlyingFox) runs on Swift concurrency, its sockets polled by epoll on a
/// Dispatch queue of its own. The supervisor's thread only posts requests into an AsyncStream (never
/// waits for a client); one task takes them in order, so a stop always finishes before the next start
/// and two quick reloads cannot leave two listeners. A bind failure is logged and the daemon runs on.
package final class MetricsServer: Sendable {
    private enum Request: Sendable {
        case listen(ListenAddress?)
        case shutdown(DispatchSemaphore)
    }

    private let requests: AsyncStream<Request>.Continuation

    package init(probes: DaemonProbes, logger: Logger) {
        let (stream, requests) = AsyncStream.makeStream(of: Request.self)
        self.requests = requests
        Task { await Self.serve(stream, probes: probes, logger: logger) }
    }

    /// Listens on `address` (nil: nowhere), stopping the current listener first if it is elsewhere.
    package func listen(on address: ListenAddress?) { requests.yield(.listen(address)) }

    /// Stops listening; waits up to `timeout` for the listener to close (called once, when the daemon exits).
    package func shutdown(timeout: Duration = .seconds(2)) {
        let done = DispatchSemaphore(value: 0)
        requests.yield(.shutdown(done))
        requests.finish()
        _ = done.wait(timeout: .now() + .milliseconds(Int(timeout.milliseconds)))
    }

    private static func serve(_ stream: AsyncStream<Request>, probes: DaemonProbes, logger: Logger) async {
        var current: (address: ListenAddress, server: HTTPServer, task: Task<Void, Never>)?
        func stopCurrent() async {
            guard let running = current else { return }
            current = nil
            await running.server.stop()
            await running.task.value
            logger.info("metrics: stopped listening", metadata: ["metrics.listen": "\(running.address)"])
        }
        for await request in stream {
            switch request {
            case .listen(let address):
                if let address, current?.address == address { continue }
                await stopCurrent()
                if let address { current = await start(address, probes: probes, logger: logger) }
            case .shutdown(let done):
                await stopCurrent()
                done.signal()
                return
            }
        }
    }

    /// Binds and starts serving; nil (after logging why) when the address cannot be listened on.
    private static func start(_ address: ListenAddress, probes: DaemonProbes, logger: Logger)
        async -> (address: ListenAddress, server: HTTPServer, task: Task<Void, Never>)?
    {
        let server: HTTPServer
        do {
            server = try HTTPServer(
                address: socketAddress(address), timeout: 15, logger: FlyingFoxLogger(logger: logger))
        } catch {
            logger.error(
                "metrics: cannot listen; continuing without /metrics",
                metadata: ["metrics.listen": "\(address)", "error": "\(error)"])
            return nil
        }
        await MetricsRoutes.install(on: server, probes: probes)
        // Whichever comes first decides: the socket listening, or run() failing (a bind error).
        var task: Task<Void, Never>?
        let failure: (any Error)? = await withCheckedContinuation { continuation in
            let outcome = FirstOutcome(continuation)
            task = Task {
                do { try await server.run() } catch { outcome.resume(error) }
            }
            Task {
                do { try await server.waitUntilListening(timeout: 10) } catch { outcome.resume(error) }
                outcome.resume(nil)
            }
        }
        if let failure {
            logger.error(
                "metrics: cannot listen; continuing without /metrics",
                metadata: [
                    "metrics.listen": "\(address)", "error": "\(failure.localizedDescription)",
                ])
            await server.stop()
            return nil
        }
        logger.notice("metrics: serving /metrics, /health and /ready", metadata: ["metrics.listen": "\(address)"])
        return (address, server, task!)
    }

    private static func socketAddress(_ address: ListenAddress) throws -> any SocketAddress {
        switch address.family {
        case .ipv4: try sockaddr_in.inet(ip4: address.host, port: address.port)
        case .ipv6: try sockaddr_in6.inet6(ip6: address.host, port: address.port)
        }
    }
}

/// Resumes a continuation with the first outcome reported; later ones are dropped.
private final class FirstOutcome: Sendable {
    private let continuation: Mutex<CheckedContinuation<(any Error)?, Never>?>

    init(_ continuation: CheckedContinuation<(any Error)?, Never>) { self.continuation = Mutex(continuation) }

    func resume(_ failure: (any Error)?) {
        continuation.withLock { $0.take() }?.resume(returning: failure)
    }
}

/// FlyingFox's log lines (a line per connection) at debug level in swift-log; its warnings stay warnings.
/// Its critical line repeats the bind failure MetricsServer logs itself, so it is kept at debug too.
private struct FlyingFoxLogger: FlyingSocks.Logging {
    let logger: Logger

    func logDebug(_ debug: @autoclosure () -> String) { logger.debug("http: \(debug())") }
    func logInfo(_ info: @autoclosure () -> String) { logger.debug("http: \(info())") }
    func logWarning(_ warning: @autoclosure () -> String) { logger.warning("http: \(warning())") }
    func logError(_ error: @autoclosure () -> String) { logger.warning("http: \(error())") }
    func logCritical(_ critical: @autoclosure () -> String) { logger.debug("http: \(critical())") }
}
