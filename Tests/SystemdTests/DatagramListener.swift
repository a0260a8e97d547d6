import Foundation
import Glibc

/// A bound AF_UNIX datagram socket standing in for systemd's notify socket, so tests read the exact
/// datagrams a notifier sends. Owns its descriptor (and its temporary directory) and frees them in deinit.
final class DatagramListener {
    /// The `NOTIFY_SOCKET` value naming this socket: a path, or `@name` for an abstract socket.
    let notifySocket: String
    private let fd: Int32
    private let directory: String?

    /// Binds a socket file inside a fresh temporary directory.
    convenience init() throws {
        var template = Array("/tmp/starsink-notify-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw ListenerError.failed("mkdtemp", errno) }
        let directory = String(cString: created)
        let path = directory + "/notify.sock"
        try self.init(notifySocket: path, sunPath: Array(path.utf8), directory: directory)
    }

    /// Binds an abstract-namespace socket with a name unique to this process and call.
    convenience init(abstractNameSuffix: String) throws {
        let name = "starsink-test-\(getpid())-\(abstractNameSuffix)-\(UInt32.random(in: 0...UInt32.max))"
        try self.init(notifySocket: "@" + name, sunPath: [0] + Array(name.utf8), directory: nil)
    }

    private init(notifySocket: String, sunPath: [UInt8], directory: String?) throws {
        self.notifySocket = notifySocket
        self.directory = directory
        self.fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ListenerError.failed("socket", errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: sunPath) }
        let isAbstract = sunPath.first == 0
        let length = socklen_t(2 + sunPath.count + (isAbstract ? 0 : 1))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw ListenerError.failed("bind", code)
        }
    }

    deinit {
        close(fd)
        if let directory {
            unlink(directory + "/notify.sock")
            rmdir(directory)
        }
    }

    /// The next datagram, or nil if none arrives within `timeout` milliseconds.
    func receive(timeoutMilliseconds: Int32 = 5_000) -> String? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, timeoutMilliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    enum ListenerError: Error {
        case failed(String, Int32)
    }
}
