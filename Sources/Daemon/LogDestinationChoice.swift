/// `log.destination`: `auto` writes to the journal when systemd connected stderr to it, else to stderr;
/// `journal` and `stderr` choose one whatever stderr is.
package enum LogDestinationChoice: String, Sendable, CaseIterable {
    case auto
    case journal
    case stderr
}
