import Synchronization

/// A worker's report that the daemon must not go on as configured: another consumer has taken this
/// worker's static group membership. The supervisor then drains the other workers and exits with code 2
/// (a configuration conflict), and `RestartPreventExitStatus=2` keeps systemd from restarting it: a
/// restart would fence the other daemon in turn, and the two would take the partitions from each other
/// forever. The first report wins; later ones (the other workers, fenced too) add nothing.
package final class HaltSignal: Sendable {
    private let state = Mutex<String?>(nil)

    package init() {}

    package var reason: String? { state.withLock { $0 } }

    package func report(_ reason: String) {
        state.withLock { if $0 == nil { $0 = reason } }
    }
}
