import Synchronization

/// Decides whether the daemon may ping the systemd watchdog: only while every worker makes progress or
/// is idle by choice. A worker stuck in a blocking call (a hung ODBC execute, a wedged commit) stops the
/// pings, and systemd restarts the service after `WatchdogSec`.
///
/// Workers report heartbeats: ``progressed(worker:now:)`` after finishing a step, ``idle(worker:now:)``
/// when waiting for data is all there is to do, ``busy(worker:now:)`` when entering a call that may
/// block. Progressed and busy workers are stalled once `stallLimit` passes without another report; idle
/// workers never are. Reports from unregistered workers are ignored, so a late report during shutdown
/// cannot resurrect a worker nobody will report for again.
package final class WatchdogGate: Sendable {
    private enum Activity {
        case idle
        case working(since: ContinuousClock.Instant)
    }

    private let stallLimit: Duration
    private let workers = Mutex<[Int: Activity]>([:])

    package init(stallLimit: Duration) {
        self.stallLimit = stallLimit
    }

    /// Starts watching `worker`; its stall clock starts at `now`.
    package func register(worker: Int, now: ContinuousClock.Instant = .now) {
        workers.withLock { $0[worker] = .working(since: now) }
    }

    package func unregister(worker: Int) {
        _ = workers.withLock { $0.removeValue(forKey: worker) }
    }

    /// The worker finished a step; it is stalled if it does not report again within `stallLimit`.
    package func progressed(worker: Int, now: ContinuousClock.Instant) {
        update(worker, to: .working(since: now))
    }

    /// The worker is waiting for data by choice; it cannot stall until it reports again.
    package func idle(worker: Int, now: ContinuousClock.Instant) {
        update(worker, to: .idle)
    }

    /// The worker entered a call that may block; the stall clock counts from `now`.
    package func busy(worker: Int, now: ContinuousClock.Instant) {
        update(worker, to: .working(since: now))
    }

    /// True when no registered worker is stalled (including when none is registered).
    package func shouldPing(now: ContinuousClock.Instant) -> Bool {
        stalledWorkers(now: now).isEmpty
    }

    /// The stalled workers, in ascending order, for the log line that explains a withheld ping.
    package func stalledWorkers(now: ContinuousClock.Instant) -> [Int] {
        workers.withLock { workers in
            workers.compactMap { worker, activity in
                switch activity {
                case .idle: nil
                case .working(let since): since.duration(to: now) > stallLimit ? worker : nil
                }
            }
        }.sorted()
    }

    private func update(_ worker: Int, to activity: Activity) {
        workers.withLock { workers in
            guard workers[worker] != nil else { return }
            workers[worker] = activity
        }
    }
}
