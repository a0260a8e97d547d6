/// Capped exponential backoff with full jitter, for reconnects and batch retries.
package struct RetryPolicy: Sendable {
    package var initial: Duration = .milliseconds(200)
    package var maximum: Duration = .seconds(30)

    package init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait before retry number `attempt` (1-based): a random duration up to
    /// min(maximum, initial × 2^(attempt-1)), never below a tenth of that cap, so that many workers
    /// retrying at once spread out instead of hitting a recovering server together.
    package func delay(attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let capMilliseconds = min(Double(maximum.milliseconds), Double(initial.milliseconds) * Double(1 << exponent))
        let milliseconds = Double.random(in: (capMilliseconds / 10)...max(capMilliseconds, 1))
        return .milliseconds(Int64(milliseconds))
    }
}

extension Duration {
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Fractional seconds, for rates.
    package var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
