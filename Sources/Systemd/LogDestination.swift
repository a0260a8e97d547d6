import Foundation
import Glibc

/// Where logs should go: journald's native protocol when systemd connected stderr to the journal,
/// plain lines on stderr otherwise.
package enum LogDestination {
    /// True when `$JOURNAL_STREAM` ("dev:inode") matches fstat(2) of stderr — systemd connected stderr to
    /// the journal. Comparing the inode, not just checking the variable, matters because the variable is
    /// inherited by children whose stderr was redirected elsewhere.
    package static func stderrIsJournal(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        isJournal(fileDescriptor: STDERR_FILENO, environment: environment)
    }

    /// Whether `fileDescriptor` is the stream `$JOURNAL_STREAM` names.
    package static func isJournal(fileDescriptor: Int32, environment: [String: String]) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(fileDescriptor, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
