import Foundation

/// Runs helper programs (initdb, pg_ctl, psql) and captures their output.
///
/// Uses `posix_spawn` rather than Foundation's `Process`: `pg_ctl start` leaves a postmaster
/// behind that inherits its parent's descriptors, and `Process` learns of a child's exit
/// through a descriptor that child would then hold open forever (waitUntilExit hangs).
/// Here the child gets only stdin (/dev/null) and two output files; everything from fd 3 up
/// is closed in the child before exec.
package enum Command {
    package struct Output {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    /// Runs `arguments` (looked up in PATH unless absolute) and waits for it to exit.
    /// With `asUser`, runs it through `runuser -u USER --` (the caller must be root).
    package static func run(_ arguments: [String], asUser user: String? = nil) throws -> Output {
        if let program = arguments.first { try StarsinkBinary.check(program) }
        let scratch = try makeTemporaryDirectory(prefix: "starsink-cmd-")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/stdout", errPath = scratch + "/stderr"
        let full = user.map { ["/usr/sbin/runuser", "-u", $0, "--"] + arguments } ?? arguments
        let pid = try spawn(full, stdout: outPath, stderr: errPath, detached: false)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw TestSupportError("waitpid(\(full[0])) failed: errno \(errno)") }
        }
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Output(
            status: exitCode,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Like `run`, but throws with the program's output when it exits non-zero.
    @discardableResult
    package static func check(_ arguments: [String], asUser user: String? = nil) throws -> String {
        let output = try run(arguments, asUser: user)
        guard output.status == 0 else {
            let name = URL(fileURLWithPath: arguments[0]).lastPathComponent
            throw TestSupportError("\(name) exited with \(output.status): \(output.stderr)\(output.stdout)")
        }
        return output.stdout
    }

    /// Starts `arguments` in a new session with all output discarded and does not wait for it.
    static func startDetached(_ arguments: [String]) throws {
        _ = try spawn(arguments, stdout: "/dev/null", stderr: "/dev/null", detached: true)
    }

    private static func spawn(_ arguments: [String], stdout: String, stderr: String, detached: Bool) throws -> pid_t {
        let path = try resolve(arguments[0])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        _ = closeFrom?(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if detached { posix_spawnattr_setflags(&attributes, spawnSetSID) }

        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw TestSupportError("posix_spawn(\(path)) failed: errno \(rc)") }
        return pid
    }

    /// glibc's `POSIX_SPAWN_SETSID` (2.26+), hidden from Swift behind `_GNU_SOURCE`.
    private static let spawnSetSID: Int16 = 0x80

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), also behind `_GNU_SOURCE`,
    /// so it is looked up at run time.
    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    private static func resolve(_ program: String) throws -> String {
        if program.hasPrefix("/") { return program }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(directory)/\(program)") {
            return "\(directory)/\(program)"
        }
        throw TestSupportError("\(program) not found in PATH")
    }
}
