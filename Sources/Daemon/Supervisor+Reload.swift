import Logging

extension Supervisor {
    /// SIGHUP: re-read and validate the whole file. Invalid: keep running unchanged and say why.
    /// Valid: apply log level and batch limits at once; Kafka, warehouse or worker-count changes by
    /// draining the workers (their batches commit) and starting new ones — no restart, nothing lost.
    func reload() {
        notifier.reloading()
        logger.notice("reloading configuration", metadata: ["config.file": "\(configurationPath)"])
        let next: Configuration
        do {
            next = try ConfigurationLoader.load(path: configurationPath)
        } catch {
            for problem in error.problems {
                logger.error("invalid configuration; still running on the previous one", metadata: [
                    "config.file": "\(problem.file)", "config.key": "\(problem.key)", "error": "\(problem.message)"])
            }
            reloadProblem = error.problems.first?.description ?? "invalid configuration"
            notifier.ready(status: statusLine())
            return
        }
        reloadProblem = nil
        let previous = configuration
        var changes: [String] = []
        if next.log.level != previous.log.level {
            levelControl.level = next.log.level
            changes.append("log.level=\(next.log.level)")
        }
        if next.pipeline != previous.pipeline {
            settings.batchLimits = BatchLimits(next.pipeline)
            changes.append("batch limits")
        }
        if next.metrics != previous.metrics {
            // Not a restart: the old listener stops and the new one starts while the workers run on.
            metricsServer.listen(on: next.metrics.listen)
            changes.append("metrics.listen=\(next.metrics.listen?.description ?? "off")")
        }
        let restart = next.kafka != previous.kafka || next.warehouse != previous.warehouse
            || next.pipeline.workers != previous.pipeline.workers || next.dimensions != previous.dimensions
        if restart {
            changes.append("workers restarted")
            logger.notice("draining workers to apply Kafka/warehouse/worker changes")
            drainPool()
            if terminateRequested {
                configuration = next
                return
            }
            if next.warehouse != previous.warehouse, !prepareWarehouse(next) {
                configuration = next
                terminateRequested = true
                return
            }
            startPool(next)
            // A stop that arrives while the new workers subscribe must not be lost.
            guard waitForSubscriptions() else {
                configuration = next
                terminateRequested = true
                return
            }
        }
        configuration = next
        logger.notice("configuration reloaded", metadata: ["config.changes": "\(changes.isEmpty ? "none" : changes.joined(separator: ", "))"])
        notifier.ready(status: statusLine())
    }

    /// Stops the workers and waits for their batches to commit. systemd's watchdog stays armed during a
    /// reload, so the loop keeps ticking: pings continue while the draining workers are healthy.
    /// A stop requested meanwhile is honoured once the drain is done; another reload runs after this one
    /// (the file may have changed again).
    private func drainPool() {
        guard let pool else { return }
        pool.requestStop()
        var reloadAgain = false
        while !pool.waitFinished(timeout: .milliseconds(250)) {
            switch signals.next(timeout: .zero) {
            case .terminate: terminateRequested = true
            case .reload: reloadAgain = true
            case nil: break
            }
            tick()
        }
        self.pool = nil
        if reloadAgain { signals.post(.reload) }
    }
}
