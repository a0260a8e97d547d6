import Glibc

/// The datagram socket named by `$NOTIFY_SOCKET`: a filesystem path or, with a leading `@`, a Linux
/// abstract-namespace name.
///
/// We speak the sd_notify protocol ourselves instead of calling `sd_notify` because `sd_notify` only reads
/// the process environment; tests point a notifier at their own socket without `setenv` (tests run in
/// parallel in one process, and `setenv` races with every other thread reading the environment).
struct NotifySocket: Sendable, Equatable {
    /// The address bytes that go into `sun_path`; for abstract names the leading `@` is already a NUL.
    let pathBytes: [UInt8]

    /// Parses `$NOTIFY_SOCKET`; nil for an empty value, a relative path, a name too long for `sun_path`,
    /// or a transport systemd 252 does not use (such as `vsock:`).
    init?(_ value: String) {
        var bytes = Array(value.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "@") else {
            return nil
        }
        if first == UInt8(ascii: "@") {
            bytes[0] = 0
        }
        guard bytes.count > 1, bytes.count <= Self.maximumPathLength else { return nil }
        self.pathBytes = bytes
    }

    /// `sun_path` capacity, leaving room for a path's terminating NUL.
    static var maximumPathLength: Int {
        MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
    }

    /// Sends one datagram; returns 0 or an errno value. Opens a fresh socket per message as `sd_notify`
    /// does: messages are rare (readiness, status, a watchdog ping every few seconds) and a fresh socket
    /// keeps this type free of shared state.
    @discardableResult
    func send(_ message: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return errno }
        defer { close(fd) }

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { sunPath in
            sunPath.copyBytes(from: pathBytes)
        }
        // Abstract names are exactly as long as their bytes; a trailing NUL would become part of the name.
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        let isAbstract = pathBytes.first == 0
        let length = socklen_t(pathOffset + pathBytes.count + (isAbstract ? 0 : 1))

        let payload = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { addressPointer in
            addressPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                payload.withUnsafeBytes { bytes in
                    sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
        return sent < 0 ? errno : 0
    }
}
