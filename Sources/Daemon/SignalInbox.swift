import Dispatch
import Foundation
import Synchronization

/// Turns SIGTERM, SIGINT and SIGHUP into events the supervisor's loop takes one at a time.
///
/// The signals are ignored at the process level and observed through Dispatch sources, so no
/// code runs in a signal handler; the events queue behind a Mutex and a semaphore wakes the loop.
/// `@unchecked Sendable`: `sources` is written once, by `install()` on the supervisor's thread before
/// any event can arrive, and only kept alive afterwards; everything else is a Mutex or a semaphore.
final class SignalInbox: @unchecked Sendable {
    enum Event: Sendable, Equatable {
        case terminate
        case reload
    }

    private let events = Mutex<[Event]>([])
    private let wakeUp = DispatchSemaphore(value: 0)
    private let queue = DispatchQueue(label: "starsink.signals")
    private var sources: [any DispatchSourceSignal] = []

    func install() {
        for (number, event) in [(SIGTERM, Event.terminate), (SIGINT, .terminate), (SIGHUP, .reload)] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in self?.post(event) }
            source.resume()
            sources.append(source)
        }
    }

    func post(_ event: Event) {
        events.withLock { $0.append(event) }
        wakeUp.signal()
    }

    /// The next event, waiting up to `timeout` for one; nil when none came.
    func next(timeout: Duration) -> Event? {
        if let event = take() { return event }
        _ = wakeUp.wait(timeout: .now() + .milliseconds(Int(max(timeout.milliseconds, 0))))
        return take()
    }

    private func take() -> Event? {
        events.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}
