import Synchronization

/// The shared, live batch limits. Workers read them at the start of every batch.
package final class LiveSettings: Sendable {
    private let limits: Mutex<BatchLimits>

    package init(_ limits: BatchLimits) { self.limits = Mutex(limits) }

    package var batchLimits: BatchLimits {
        get { limits.withLock { $0 } }
        set { limits.withLock { $0 = newValue } }
    }
}
