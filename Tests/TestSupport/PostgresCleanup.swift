import Foundation
import Synchronization

/// Stops every server this process started when it exits, and removes their directories.
///
/// Two mechanisms, because a test process can end either way:
/// - a normal exit runs the `atexit` handler, which sends each postmaster SIGQUIT (what
///   `pg_ctl stop -m immediate` sends); no subprocess is spawned while the process exits;
/// - a detached watchdog per server (`sh` in its own session) waits for this process to disappear, then
///   stops the server if it still runs and deletes its directory: this also covers crashes.
enum PostgresCleanup {
    private static let servers = Mutex<[PostgresServer]>([])
    private static let installHandler: Void = { atexit { PostgresCleanup.stopAll() } }()

    static func register(_ server: PostgresServer) {
        _ = installHandler
        let isNew = servers.withLock { list -> Bool in
            if list.contains(where: { $0 === server }) { return false }
            list.append(server)
            return true
        }
        if isNew { startWatchdog(for: server) }
    }

    private static func stopAll() {
        for server in servers.withLock({ $0 }) {
            if let pid = server.runningPID { kill(pid, SIGQUIT) }
        }
    }

    private static func startWatchdog(for server: PostgresServer) {
        guard let bin = try? PostgresInstallation.binDirectory() else { return }
        let asOwner = geteuid() == 0 ? "/usr/sbin/runuser -u postgres -- " : ""
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            \(asOwner)\(bin)/pg_ctl -D '\(server.directory)/data' stop -m immediate -w -t 30 >/dev/null 2>&1
            rm -rf '\(server.directory)'
            """
        try? Command.startDetached(["/bin/sh", "-c", script])
    }
}
