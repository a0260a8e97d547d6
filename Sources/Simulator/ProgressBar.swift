import StarSchema
import Synchronization

/// A one-line progress display for long productions.
///
/// On a terminal it redraws `\r[#########-----------] 45% 22,500/50,000 orders 12.3k/s` in
/// place, at most ten times a second (and always on reaching the total); elsewhere (a pipe, the
/// journal) it writes nothing until `finish`, which prints the summary line.
///
/// Thread safety: `@unchecked Sendable` because `write` is an arbitrary closure. The rule that
/// makes it safe: every piece of state, and every call of `write`, is inside `state`'s lock, so
/// `write` is never entered concurrently and needs no synchronisation of its own; it may be
/// called on whichever thread calls `update` or `finish`.
package final class ProgressBar: @unchecked Sendable {
    private struct State {
        var done = 0
        var lastDraw: Duration?
        var finished = false
    }

    private let total: Int
    private let label: String
    private let isTerminal: Bool
    private let write: (String) -> Void
    private let now: () -> Duration
    private let state = Mutex(State())
    private static let width = 20
    private static let redrawInterval: Duration = .milliseconds(100)

    package convenience init(total: Int, label: String, isTerminal: Bool, write: @escaping (String) -> Void) {
        let origin = ContinuousClock.now
        self.init(total: total, label: label, isTerminal: isTerminal, now: { .now - origin }, write: write)
    }

    /// `now` returns the time since the start; tests pass a fake clock.
    package init(
        total: Int, label: String, isTerminal: Bool,
        now: @escaping () -> Duration, write: @escaping (String) -> Void
    ) {
        self.total = total
        self.label = label
        self.isTerminal = isTerminal
        self.now = now
        self.write = write
    }

    package func update(done: Int) {
        guard isTerminal else { return }
        state.withLock { state in
            guard !state.finished else { return }
            state.done = done
            let time = now()
            if let last = state.lastDraw, time - last < Self.redrawInterval, done < total { return }
            state.lastDraw = time
            write(line(done: done, elapsed: time))
        }
    }

    /// Ends the display: on a terminal the final bar and a newline, then `summary` on its own line.
    /// Later calls do nothing.
    package func finish(summary: String) {
        state.withLock { state in
            guard !state.finished else { return }
            state.finished = true
            var text = isTerminal ? line(done: state.done, elapsed: now()) + "\n" : ""
            if !summary.isEmpty { text += summary + "\n" }
            if !text.isEmpty { write(text) }
        }
    }

    /// Ends the display by erasing the bar (on a terminal; elsewhere there is nothing to erase), for
    /// callers that print their own summary somewhere else, such as the demo's on stdout.
    package func clear() {
        state.withLock { state in
            guard !state.finished else { return }
            state.finished = true
            if isTerminal { write("\r\u{1B}[K") }
        }
    }

    /// The whole redraw: carriage return, bar, figures, then "erase to end of line" so that a
    /// shorter line leaves no remnants of the previous one.
    private func line(done: Int, elapsed: Duration) -> String {
        let fraction = total > 0 ? min(1, max(0, Double(done) / Double(total))) : 1
        let filled = Int(fraction * Double(Self.width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.width - filled)
        let percent = Int(fraction * 100)
        let counts = done.groupedDigits + "/" + total.groupedDigits
        return "\r[\(bar)] \(percent)% \(counts) \(label) \(Self.rate(done: done, elapsed: elapsed))\u{1B}[K"
    }

    /// `850/s`, `12.3k/s`, `1.2M/s`; `-/s` before any time has passed.
    package static func rate(done: Int, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        guard seconds > 0 else { return "-/s" }
        let perSecond = Double(done) / seconds
        switch perSecond {
        case ..<1_000: return "\(Int(perSecond))/s"
        case ..<1_000_000: return tenths(perSecond / 1_000) + "k/s"
        default: return tenths(perSecond / 1_000_000) + "M/s"
        }
    }

    private static func tenths(_ value: Double) -> String {
        let scaled = Int((value * 10).rounded())
        return "\(scaled / 10).\(scaled % 10)"
    }
}
