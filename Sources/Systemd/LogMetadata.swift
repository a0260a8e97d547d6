import Logging

/// Merges the three sources of metadata a `LogHandler` sees into one deterministic list.
///
/// Precedence follows swift-log's own handlers: handler metadata, then the metadata provider, then the
/// call site. Order: context keys (handler and provider) sorted, then keys that only the call site added,
/// sorted — so a line reads `[worker=1 kafka.partition=3]`, the logger's identity before the event's details.
enum LogMetadata {
    static func merged(
        handler: Logger.Metadata,
        provider: Logger.MetadataProvider?,
        event: Logger.Metadata?
    ) -> [(key: String, value: Logger.MetadataValue)] {
        var context = handler
        if let provided = provider?.get(), !provided.isEmpty {
            context.merge(provided) { _, new in new }
        }
        let explicit = event ?? [:]
        let contextPart = context.sorted { $0.key < $1.key }.map { entry in
            (key: entry.key, value: explicit[entry.key] ?? entry.value)
        }
        let eventPart = explicit.filter { context[$0.key] == nil }.sorted { $0.key < $1.key }.map { entry in
            (key: entry.key, value: entry.value)
        }
        return contextPart + eventPart
    }
}
