import Foundation

/// Where PostgreSQL's server binaries are, and small helpers for preparing a cluster.
enum PostgresInstallation {
    /// `/usr/lib/postgresql/<newest version>/bin`, the Debian layout.
    static func binDirectory() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let usable = versions.compactMap { version -> (Int, String)? in
            guard let number = Int(version.split(separator: ".").first ?? ""),
                FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb")
            else { return nil }
            return (number, "\(root)/\(version)/bin")
        }
        guard let newest = usable.max(by: { $0.0 < $1.0 }) else {
            throw TestSupportError("no PostgreSQL server binaries under \(root)/*/bin (install postgresql)")
        }
        return newest.1
    }

    /// Makes `user` own `paths` (when running as root, the cluster must belong to `postgres`).
    static func giveOwnership(of paths: [String], to user: String?) throws {
        guard let user else { return }
        guard let entry = getpwnam(user) else { throw TestSupportError("no user \(user) on this machine") }
        for path in paths where chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) != 0 {
            throw TestSupportError("chown \(path) to \(user) failed: errno \(errno)")
        }
    }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }
}
