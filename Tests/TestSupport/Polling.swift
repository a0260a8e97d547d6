import Foundation

/// Polls `condition` until it returns true or `timeout` has passed; returns whether it held.
///
/// The pause between polls only paces the loop; the deadline decides the outcome, so a test
/// never depends on how long a sleep happened to be.
package func waitUntil(
    timeout: Duration, pollEvery: Duration = .milliseconds(50), _ condition: () throws -> Bool
) throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try condition() { return true }
        if clock.now >= deadline { return false }
        let pause = min(pollEvery, deadline - clock.now)
        Thread.sleep(forTimeInterval: Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18)
    }
}
