import Logging

/// SIGHUP: re-read and validate the whole file. Invalid: keep running unchanged and say why. Valid: apply
/// log level and batch limits at once; Kafka, warehouse or worker-count changes by draining the workers
/// (their batches commit) and starting new ones — no restart, nothing lost. `Lifecycle` decides which;
/// these carry out its reload actions.
extension Supervisor {
    func announceReload() {
        notifier.reloading()
        logger.notice("reloading configuration", metadata: ["config.file": "\(configurationPath)"])
    }

    func loadConfiguration() -> Lifecycle.Event {
        do {
            return .configurationLoaded(try ConfigurationLoader.load(path: configurationPath))
        } catch {
            return .configurationRejected(error.problems)
        }
    }

    func rejectConfiguration(_ problems: [ConfigurationError.Problem]) {
        for problem in problems {
            logger.error(
                "invalid configuration; still running on the previous one",
                metadata: [
                    "config.file": "\(problem.file)", "config.key": "\(problem.key)", "error": "\(problem.message)",
                ])
        }
        reloadProblem = problems.first?.description ?? "invalid configuration"
        notifier.ready(status: statusLine())
    }

    /// What changes while the workers run on.
    func applyLiveChanges(_ plan: ReloadPlan) {
        reloadProblem = nil
        if let level = plan.logLevel { levelControl.level = level }
        if plan.changesBatchLimits { settings.batchLimits = BatchLimits(plan.next.pipeline) }
        if plan.movesMetricsListener {
            // Not a restart: the old listener stops and the new one starts while the workers run on.
            metricsServer.listen(on: plan.next.metrics.listen)
        }
    }

    func completeReload(_ plan: ReloadPlan) {
        let changes = plan.changes
        logger.notice(
            "configuration reloaded",
            metadata: [
                "config.changes": "\(changes.isEmpty ? "none" : changes.joined(separator: ", "))"
            ])
        notifier.ready(status: statusLine())
    }
}
