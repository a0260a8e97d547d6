import Logging
import Systemd

/// Chooses where log lines go: the journal's native protocol when systemd connected stderr to it
/// (or the configuration says so), else one readable line per event on stderr.
package enum LoggingSetup {
    package static func factory(destination: LogDestinationChoice, levelControl: LogLevelControl)
        -> @Sendable (String) -> any LogHandler
    {
        let useJournal =
            switch destination {
            case .journal: true
            case .stderr: false
            case .auto: LogDestination.stderrIsJournal()
            }
        return { label in
            useJournal
                ? JournalLogHandler(label: label, levelControl: levelControl)
                : StderrLogHandler(label: label, levelControl: levelControl)
        }
    }
}
