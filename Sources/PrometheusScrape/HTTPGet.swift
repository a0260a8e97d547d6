import Glibc

/// One HTTP/1.1 GET to a port on 127.0.0.1 over a plain TCP socket, as Prometheus or a load balancer's
/// probe makes it: enough for a daemon's `/metrics`, `/health` and `/ready`, with no HTTP client library.
///
/// Blocking, bounded by `timeout` for each send and receive: call it from a thread of its own (the
/// benchmark's loop) or through `offThePool` in an async test, never on Swift's cooperative pool.
package enum HTTPGet {
    package struct Response: Sendable, Equatable {
        package var status: Int
        package var body: String

        package init(status: Int, body: String) {
            self.status = status
            self.body = body
        }
    }

    /// Throws when nothing listens on `port`, when the peer stalls past `timeout`, or when the answer
    /// is not HTTP.
    package static func fetch(
        port: Int, path: String,
        timeout: Duration = .seconds(5)
    ) throws(ScrapeError) -> Response {
        let socket = try LoopbackSocket.connected(port: port, timeout: timeout)
        defer { close(socket) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard send(socket, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else {
            throw ScrapeError("send to 127.0.0.1:\(port) failed: errno \(errno)")
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        // Read to the end of the connection (the request asked to close it), or to the end of the body
        // its Content-Length announces, whichever comes first.
        while !isComplete(response) {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { break }
            guard count > 0 else { throw ScrapeError("recv from 127.0.0.1:\(port) failed: errno \(errno)") }
            response += buffer[..<count]
        }
        return try parse(response, port: port)
    }

    static func parse(_ response: [UInt8], port: Int) throws(ScrapeError) -> Response {
        let text = String(decoding: response, as: UTF8.self)
        guard let headerEnd = text.firstRange(of: "\r\n\r\n"), text.hasPrefix("HTTP/1."),
            let statusText = text.split(separator: " ").dropFirst().first, let status = Int(statusText)
        else {
            throw ScrapeError("not an HTTP response from 127.0.0.1:\(port): \(text.prefix(200))")
        }
        var body = String(text[headerEnd.upperBound...])
        // FlyingFox answers with Content-Length; a chunked body is decoded in case a server chooses that.
        if text[..<headerEnd.lowerBound].lowercased().contains("transfer-encoding: chunked") { body = dechunk(body) }
        return Response(status: status, body: body)
    }

    /// Whether the headers have arrived and so has the whole body their Content-Length announces.
    private static func isComplete(_ response: [UInt8]) -> Bool {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headerEnd = response.firstRange(of: separator) else { return false }
        let headers = String(decoding: response[..<headerEnd.lowerBound], as: UTF8.self).lowercased()
        guard let line = headers.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).drop { $0 == " " })
        else { return false }
        return response.count - headerEnd.upperBound >= length
    }

    private static func dechunk(_ body: String) -> String {
        var rest = Substring(body)
        var out = ""
        while let lineEnd = rest.firstRange(of: "\r\n"), let size = Int(rest[..<lineEnd.lowerBound], radix: 16),
            size > 0
        {
            let start = lineEnd.upperBound
            guard let end = rest.utf8.index(start, offsetBy: size, limitedBy: rest.endIndex) else { break }
            out += rest[start..<end]
            rest = rest[end...]
            // The chunk's closing CRLF is one Character to Swift.
            if rest.hasPrefix("\r\n") { rest = rest.dropFirst() }
        }
        return out
    }
}

/// A failure to reach or read a local HTTP endpoint, or to find a port for one.
package struct ScrapeError: Error, Sendable, CustomStringConvertible {
    package var message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
