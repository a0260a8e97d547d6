import Daemon
import StarSchema

/// The CPU of one local PostgreSQL cluster's server processes — postmaster, backends, background
/// writer, WAL writer, checkpointer, autovacuum — found from a session's own backend.
///
/// The benchmark's own polling session costs the server CPU too; when `excludingOwnBackend`, that
/// backend's time is subtracted, so a scenario's figure is the daemon's load alone.
struct ServerCPU {
    struct Reading {
        var cluster: Double
        var excluded: Double
    }

    let postmaster: Int32
    let excludedBackend: Int32?

    /// Nil when the server is not on this machine (its backend is not a local `postgres` process
    /// whose parent is one too): there is no `/proc` to read then.
    init?(session: WarehouseSession, excludingOwnBackend: Bool) {
        guard session.configuration.dialect == .postgresql else { return nil }
        defer { session.rollbackQuietly() }
        guard let text = try? session.query(BoundStatement(sql: "SELECT pg_backend_pid()")).first?.first ?? nil,
            let backend = Int32(text), let backendStat = ProcessCPU.stat(backend), backendStat.command == "postgres",
            let postmasterStat = ProcessCPU.stat(backendStat.parent), postmasterStat.command == "postgres"
        else { return nil }
        postmaster = backendStat.parent
        excludedBackend = excludingOwnBackend ? backend : nil
    }

    /// Nil if the cluster or the excluded backend is gone (a figure from half a reading would lie).
    func read() -> Reading? {
        guard let cluster = ProcessCPU.treeSeconds(root: postmaster) else { return nil }
        guard let excludedBackend else { return Reading(cluster: cluster, excluded: 0) }
        guard let excluded = ProcessCPU.stat(excludedBackend)?.own else { return nil }
        return Reading(cluster: cluster, excluded: excluded)
    }

    /// The server's CPU seconds between two readings, less the excluded backend's.
    static func seconds(from start: Reading?, to end: Reading?) -> Double? {
        guard let start, let end else { return nil }
        return (end.cluster - start.cluster) - (end.excluded - start.excluded)
    }
}
