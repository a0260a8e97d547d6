import Foundation

/// CPU time and parentage of processes, read from `/proc/PID/stat` (proc(5)): how the benchmark
/// measures the daemon it started and the PostgreSQL server it loads into.
enum ProcessCPU {
    /// The fields of `/proc/PID/stat` the benchmark uses, times in seconds.
    struct Stat: Equatable {
        /// The executable's name (field 2), e.g. `postgres`, whatever title the process set for itself.
        var command: String
        var parent: Int32
        /// utime + stime: the CPU this process used itself.
        var own: Double
        /// cutime + cstime: the CPU of the children it has waited for after they exited.
        var reapedChildren: Double
    }

    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    static func stat(_ pid: Int32) -> Stat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return parse(text)
    }

    /// One stat line. The command (field 2) may contain spaces and parentheses, so the fields are
    /// counted from its last `)`: after it come state (3), ppid (4), … utime (14) … cstime (17).
    static func parse(_ text: String) -> Stat? {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 14, let parent = Int32(fields[1]),
            let user = Double(fields[11]), let system = Double(fields[12]),
            let childUser = Double(fields[13]), let childSystem = Double(fields[14])
        else { return nil }
        return Stat(
            command: String(text[text.index(after: open)..<close]), parent: parent,
            own: (user + system) / ticksPerSecond, reapedChildren: (childUser + childSystem) / ticksPerSecond)
    }

    /// The CPU of `root` and of every process below it, living or exited: each living process's own
    /// time plus what its exited children used. A child that exits between two readings moves from
    /// the living sum into its parent's reaped time once the parent waits for it (PostgreSQL's
    /// postmaster reaps its backends at once), so the difference of two readings stays exact.
    static func treeSeconds(root: Int32) -> Double? {
        guard let rootStat = stat(root) else { return nil }
        var children: [Int32: [(pid: Int32, stat: Stat)]] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), pid != root, let stat = stat(pid) else { continue }
            children[stat.parent, default: []].append((pid, stat))
        }
        var total = rootStat.own + rootStat.reapedChildren
        var queue = [root]
        while let parent = queue.popLast() {
            for child in children[parent] ?? [] {
                total += child.stat.own + child.stat.reapedChildren
                queue.append(child.pid)
            }
        }
        return total
    }
}
