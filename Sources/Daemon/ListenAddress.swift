import Glibc

/// A numeric `host:port` to listen on: an IPv4 address, a bracketed IPv6 address, or `localhost`.
///
/// Host names other than `localhost` are refused rather than resolved: a listener must not move to
/// another interface because a DNS answer changed.
package struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    package enum Family: Sendable, Equatable {
        case ipv4
        case ipv6
    }

    /// The address as a numeric literal (`localhost` is stored as 127.0.0.1).
    package var host: String
    package var port: UInt16
    package var family: Family

    /// `metrics.listen`'s default (README, Metrics and health): loopback only, on a port in the range
    /// Prometheus keeps for exporters.
    package static let defaultMetrics = ListenAddress(host: "127.0.0.1", port: 9464, family: .ipv4)

    package init(host: String, port: UInt16, family: Family) {
        self.host = host
        self.port = port
        self.family = family
    }

    /// Parses `127.0.0.1:9464`, `[::1]:9464`, `0.0.0.0:9464` or `localhost:9464`; nil for anything else.
    package init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard let port = UInt16(portText), port > 0 else { return nil }
        let family: Family
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            family = .ipv6
            guard Self.isNumeric(host, AF_INET6) else { return nil }
        } else {
            if host == "localhost" { host = "127.0.0.1" }
            family = .ipv4
            guard Self.isNumeric(host, AF_INET) else { return nil }
        }
        self.init(host: host, port: port, family: family)
    }

    package var description: String { family == .ipv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    private static func isNumeric(_ host: String, _ family: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(family, host, &buffer) == 1
    }
}
