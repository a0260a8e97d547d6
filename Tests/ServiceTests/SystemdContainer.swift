import Foundation
import TestSupport

/// A throwaway, real systemd booted by `scripts/systemd-container` (systemd-nspawn on this machine's
/// root, read-only with a tmpfs overlay, sharing the host's network), so the unit runs under the same
/// PID 1, journald and service manager it will meet in production.
final class SystemdContainer {
    static let script = repositoryRoot + "/scripts/systemd-container"

    let name: String

    /// Why a container cannot be booted here, or nil when it may be tried.
    static var unavailableReason: String? {
        if geteuid() != 0 { return "booting systemd-nspawn needs root" }
        for tool in ["/usr/bin/systemd-nspawn", "/usr/bin/nsenter"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing (apt-get install systemd-container)"
        }
        return nil
    }

    /// Boots a container; `binds` are read-only (host path, container path) pairs.
    /// Throws `BootFailure` with the boot log when systemd does not come up.
    init(name: String, binds: [(String, String)]) throws {
        self.name = name
        let arguments = [Self.script, "start", name] + binds.flatMap { ["--bind", "\($0.0):\($0.1)"] }
        let output = try Command.run(arguments)
        guard output.status == 0 else {
            let log = (try? String(contentsOfFile: "/run/systemd-container/\(name)/boot.log", encoding: .utf8)) ?? ""
            _ = try? Command.run([Self.script, "stop", name])
            throw BootFailure(description: "\(output.stderr)\(output.stdout) \(log.suffix(1500))")
        }
    }

    deinit { stop() }

    func stop() {
        _ = try? Command.run([Self.script, "stop", name])
    }

    /// Runs a command inside the container.
    @discardableResult
    func run(_ arguments: [String]) throws -> Command.Output {
        try Command.run([Self.script, "exec", name] + arguments)
    }

    /// Runs a command inside the container; throws with its output unless it exits 0.
    @discardableResult
    func check(_ arguments: [String]) throws -> String {
        let output = try run(arguments)
        guard output.status == 0 else {
            throw TestFailure(
                "\(arguments.joined(separator: " ")) exited \(output.status): \(output.stderr)\(output.stdout)")
        }
        return output.stdout
    }

    /// `systemctl show -p …` as a dictionary.
    func properties(_ unit: String, _ names: [String]) throws -> [String: String] {
        let text = try check(["systemctl", "show", unit, "-p", names.joined(separator: ",")])
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    /// Every journal entry of `unit`, one dictionary per entry (`journalctl -o json`); binary fields
    /// (arrays in the JSON) are left out.
    func journal(_ unit: String) throws -> [[String: String]] {
        let text = try check(["journalctl", "-u", unit, "-o", "json", "--no-pager"])
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                return nil
            }
            return object.compactMapValues { $0 as? String }
        }
    }

    struct BootFailure: Error, CustomStringConvertible {
        var description: String
    }
}
