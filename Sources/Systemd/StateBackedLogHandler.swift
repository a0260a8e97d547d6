import Logging

/// A swift-log handler whose level and metadata live in a ``LogHandlerState``: the journal and stderr
/// handlers differ only in how they write an event, so the `LogHandler` requirements they share are
/// implemented once, here.
package protocol StateBackedLogHandler: LogHandler {
    var state: LogHandlerState { get set }
}

extension StateBackedLogHandler {
    /// The shared live level, or this handler's own once set (see ``LogHandlerState``).
    package var logLevel: Logger.Level {
        get { state.logLevel }
        set { state.logLevel = newValue }
    }

    package var metadata: Logger.Metadata {
        get { state.metadata }
        set { state.metadata = newValue }
    }

    package var metadataProvider: Logger.MetadataProvider? {
        get { state.metadataProvider }
        set { state.metadataProvider = newValue }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { state.metadata[key] }
        set { state.metadata[key] = newValue }
    }
}
