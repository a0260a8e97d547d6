import Logging
import Synchronization

/// The process-wide live log level (`log.level`; the SIGHUP reload sets it). Every handler made by this
/// module reads it on each call unless that handler's own `logLevel` was set, so loggers created before a
/// reload follow the new level.
package final class LogLevelControl: Sendable {
    private let storage: Mutex<Logger.Level>

    package init(_ level: Logger.Level) {
        self.storage = Mutex(level)
    }

    package var level: Logger.Level {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
