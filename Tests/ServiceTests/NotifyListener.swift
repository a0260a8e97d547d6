import Foundation
import Glibc
import TestSupport

/// systemd's side of the sd_notify protocol for a daemon under test: an AF_UNIX datagram socket the
/// test binds and names in the child's `NOTIFY_SOCKET`. A reader thread records every datagram with
/// the wall-clock time it arrived, so tests can order notifications against the daemon's log lines
/// (which carry wall-clock timestamps too).
///
/// `@unchecked Sendable`: `fd` and `directory` are immutable; the received messages live in a
/// `LockedBox`; the reader thread only reads from `fd`, which `deinit` shuts down before closing.
final class NotifyListener: @unchecked Sendable {
    /// One datagram: its `KEY=value` lines, and when it arrived.
    struct Notification: Sendable {
        var fields: [String: String]
        var receivedAt: Date
        var text: String { fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    }

    /// The value for the child's `NOTIFY_SOCKET`.
    let path: String
    private let directory: String
    private let fd: Int32
    private let received = LockedBox<[Notification]>([])
    private let finished = DispatchSemaphore(value: 0)

    init() throws {
        directory = try makeTemporaryDirectory(prefix: "starsink-notify-")
        path = directory + "/notify.sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket(AF_UNIX) failed: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw TestFailure("socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw TestFailure("bind(\(path)) failed: errno \(code)")
        }
        let thread = Thread { [fd, received, finished] in
            Self.receiveLoop(fd: fd, into: received)
            finished.signal()
        }
        thread.name = "notify-listener"
        thread.start()
    }

    deinit {
        // Wakes the reader out of recv(); it sees end-of-stream and exits before the descriptor closes.
        shutdown(fd, Int32(SHUT_RDWR))
        _ = finished.wait(timeout: .now() + 5)
        close(fd)
        unlink(path)
        rmdir(directory)
    }

    private static func receiveLoop(fd: Int32, into received: LockedBox<[Notification]>) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready < 0, errno != EINTR { return }
            if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return }
            guard ready > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return }
            let text = String(decoding: buffer[..<count], as: UTF8.self)
            var fields: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            received.withLock { $0.append(Notification(fields: fields, receivedAt: Date())) }
        }
    }

    var notifications: [Notification] { received.withLock { $0 } }

    /// The first notification after index `from` that satisfies `predicate`, polling until `timeout`.
    func waitFor(
        _ timeout: Duration, after from: Int = 0, where predicate: (Notification) -> Bool
    ) async -> (index: Int, notification: Notification)? {
        var found: (Int, Notification)?
        _ = try? await eventually(timeout: timeout, every: .milliseconds(20)) {
            let all = notifications
            guard from < all.count else { return false }
            if let index = all[from...].firstIndex(where: predicate) { found = (index, all[index]) }
            return found != nil
        }
        return found
    }

    /// The first notification after `from` that sets `key` (to `value`, when given).
    func waitFor(_ key: String, _ value: String? = nil, timeout: Duration, after from: Int = 0) async -> (
        index: Int, notification: Notification
    )? {
        await waitFor(timeout, after: from) { notification in
            guard let actual = notification.fields[key] else { return false }
            return value.map { $0 == actual } ?? true
        }
    }
}
