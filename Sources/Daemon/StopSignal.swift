import Foundation
import Synchronization

/// A stop request that workers check between polls and wait on during backoff.
package final class StopSignal: Sendable {
    private let state = Mutex(false)

    package init() {}

    package var isRequested: Bool { state.withLock { $0 } }

    package func request() { state.withLock { $0 = true } }

    /// Waits up to `timeout` or until a stop is requested, checking every 50 ms. Used for backoff
    /// only (waiting is the point there), never to wait for another thread's work.
    package func wait(for timeout: Duration) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !isRequested, clock.now < deadline {
            let remaining = deadline - clock.now
            Thread.sleep(forTimeInterval: min(0.05, remaining.inSeconds))
        }
    }
}
