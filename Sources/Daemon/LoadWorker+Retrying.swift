extension LoadWorker {
    /// Runs `body` until it succeeds, or until a stop is requested (then nil), waiting the worker's
    /// capped, jittered backoff between attempts; `failed` says why (log, STATUS) and learns the wait.
    ///
    /// The first attempt always runs. The worker stays idle-by-choice for the watchdog while it waits:
    /// an unreachable broker or warehouse is not a stuck worker.
    func retryingUntilStopped<T, Failure: Error>(
        _ body: () throws(Failure) -> T, failed: (Failure, Duration) -> Void
    ) -> T? {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch {
                attempt += 1
                let delay = retry.delay(attempt: attempt)
                failed(error, delay)
                if context.stop.isRequested { return nil }
                context.gate?.idle(worker: id, now: .now)
                context.stop.wait(for: delay)
                if context.stop.isRequested { return nil }
            }
        }
    }
}
