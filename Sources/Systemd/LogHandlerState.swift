import Logging

/// What a starsink log handler holds besides its output: the logger's metadata, its metadata provider and
/// its level, which follows the shared ``LogLevelControl`` until this handler's `logLevel` is set.
///
/// swift-log's `LogHandler` contract makes the level and metadata values of one handler: a `Logger` is a
/// struct holding its handler, so setting `logLevel` on one logger changes that logger (and its later copies)
/// and no other. The live level that a reload changes is shared by design, so it lives in the control, which
/// every handler reads on each call unless it was given a level of its own.
package struct LogHandlerState: Sendable {
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?

    private let levelControl: LogLevelControl
    /// Set by `logLevel`'s setter; from then on this handler no longer follows the control.
    private var ownLevel: Logger.Level?

    package init(levelControl: LogLevelControl, metadataProvider: Logger.MetadataProvider?) {
        self.levelControl = levelControl
        self.metadataProvider = metadataProvider
    }

    package var logLevel: Logger.Level {
        get { ownLevel ?? levelControl.level }
        set { ownLevel = newValue }
    }

    /// The handler's, the provider's and the event's metadata as one deterministic list (``LogMetadata``).
    func entries(for event: LogEvent) -> [(key: String, value: Logger.MetadataValue)] {
        LogMetadata.merged(handler: metadata, provider: metadataProvider, event: event.metadata)
    }
}
