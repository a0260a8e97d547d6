import Testing
@testable import PrometheusScrape

/// Answers a server may give, read without a server.
@Suite struct HTTPResponseParsingTests {
    @Test func aContentLengthBodyAndAChunkedOne() throws {
        let plain = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nready".utf8)
        #expect(try HTTPGet.parse(plain, port: 1) == .init(status: 200, body: "ready"))
        let chunked = Array(
            ("HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nnot \r\n5\r\nready\r\n0\r\n\r\n").utf8)
        #expect(try HTTPGet.parse(chunked, port: 1) == .init(status: 503, body: "not ready"))
    }

    @Test func somethingElseIsNoHTTP() {
        #expect(throws: ScrapeError.self) { try HTTPGet.parse(Array("SSH-2.0-OpenSSH_9.2\r\n".utf8), port: 1) }
        let cutShort = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n".utf8)  // the headers never ended
        #expect(throws: ScrapeError.self) { try HTTPGet.parse(cutShort, port: 1) }
    }
}
