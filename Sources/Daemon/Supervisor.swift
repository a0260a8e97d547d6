import Dispatch
import Foundation
import Logging
import Synchronization
import Systemd

/// The daemon (`starsink run`): waits for the warehouse, starts the workers, tells systemd,
/// and handles SIGHUP (reload) and SIGTERM/SIGINT (drain and exit) until told to stop.
package final class Supervisor {
    let configurationPath: String
    /// Start-up, running, reload and stop as one state; everything below it only carries out its actions.
    var lifecycle: Lifecycle
    let levelControl: LogLevelControl
    let logger: Logger
    let notifier: SystemdNotifier
    let metrics: PipelineMetrics
    let settings: LiveSettings
    let watchdogInterval: Duration?
    /// Feeds the watchdog pings when systemd watches, and `/health` always.
    let gate: WatchdogGate
    let probes: DaemonProbes
    let metricsServer: MetricsServer
    let signals = SignalInbox()
    /// Set by a worker whose static membership was fenced: the daemon then stops with exit code 2.
    let halt = HaltSignal()
    var pool: WorkerPool?
    var rate = RateMeter()
    var lastStatus = ContinuousClock.now - .seconds(60)
    var lastPing = ContinuousClock.now - .seconds(60)
    var reloadProblem: String?
    /// The workers named in the last "stalled" log line, so a stall is logged when it starts or changes,
    /// not at every tick.
    var reportedStall: [Int] = []

    /// Without systemd's watchdog, `/health` calls a worker stalled after this long inside one call: twice the
    /// default query timeout, so a statement the warehouse cancels in time does not count.
    static let defaultStallLimit = Duration.seconds(60)

    /// `exposition`: where the metrics go and `/metrics` reads them (the CLI passes the one it bootstrapped).
    package init(
        configurationPath: String, configuration: Configuration, levelControl: LogLevelControl, logger: Logger,
        exposition: MetricsExposition = .prometheus(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.configurationPath = configurationPath
        self.lifecycle = Lifecycle(configuration: configuration)
        self.levelControl = levelControl
        self.logger = logger
        self.notifier = SystemdNotifier(environment: environment)
        self.settings = LiveSettings(BatchLimits(configuration.pipeline))
        self.watchdogInterval = SystemdNotifier.watchdogInterval(environment: environment)
        let stallLimit = watchdogInterval ?? Self.defaultStallLimit
        let metrics = PipelineMetrics(factory: exposition.factory)
        self.metrics = metrics
        self.gate = WatchdogGate(stallLimit: stallLimit)
        self.probes = DaemonProbes(gate: gate, stallLimit: stallLimit, metrics: metrics, exposition: exposition)
        self.metricsServer = MetricsServer(probes: probes, logger: logger)
    }

    /// Runs the daemon; returns the process exit code.
    package func run() -> Int32 {
        signals.install()
        metricsServer.listen(on: configuration.metrics.listen)
        logger.notice(
            "starsink starting",
            metadata: [
                "kafka.topic": "\(configuration.kafka.topic)", "kafka.group": "\(configuration.kafka.groupID)",
                "warehouse.dialect": "\(configuration.warehouse.dialect.rawValue)",
                "pipeline.workers": "\(configuration.pipeline.workers)",
            ])
        while true {
            if case .stopped(let exitCode) = lifecycle.state { return exitCode }
            for event in awaitEvents() { handle(event) }
        }
    }

    /// Feeds `event` to the lifecycle and performs the actions it returns; an action's outcome (a warehouse
    /// attempt, a configuration read) is fed back in turn, its actions queued behind the remaining ones.
    private func handle(_ event: Lifecycle.Event) {
        var actions = lifecycle.handle(event)
        while !actions.isEmpty {
            if let outcome = perform(actions.removeFirst()) { actions += lifecycle.handle(outcome) }
        }
    }

    /// Waits the way the current state needs and returns what happened, in order.
    private func awaitEvents() -> [Lifecycle.Event] {
        switch lifecycle.state {
        case .initial:
            return [.start]
        case .preparingWarehouse(_, _, let retryAt?):
            let now = ContinuousClock.now
            guard now < retryAt else { return [.retryDue] }
            return [nextSignal(timeout: min(.seconds(1), retryAt - now))]
        case .subscribing:
            // READY waits until every worker has subscribed; signals are still served meanwhile.
            if pool?.allSubscribed ?? true { return [.subscribed] }
            return [nextSignal(timeout: .milliseconds(50))]
        case .running:
            // A worker's halt report is looked at after each event, so a signal that came first wins.
            let event = nextSignal(timeout: tickInterval)
            return halt.reason.map { [event, .halted(reason: $0)] } ?? [event]
        case .draining:
            guard let pool, !pool.waitFinished(timeout: .milliseconds(250)) else { return [.drained] }
            return signals.next(timeout: .zero).map { [.signal($0), .stillDraining] } ?? [.stillDraining]
        case .stopping:
            guard let pool, !pool.waitFinished(timeout: .seconds(1)) else { return [.drained] }
            return [.stillDraining] + (signals.next(timeout: .zero).map { [.signal($0)] } ?? [])
        case .preparingWarehouse(_, _, nil), .loadingConfiguration, .stopped:
            // Each of these is left by the action that entered it, before anything is awaited.
            preconditionFailure("nothing to wait for in \(lifecycle.state)")
        }
    }

    private func nextSignal(timeout: Duration) -> Lifecycle.Event {
        signals.next(timeout: timeout).map(Lifecycle.Event.signal) ?? .tick
    }

    /// Carries out one action; returns the outcome of those that have one.
    private func perform(_ action: Lifecycle.Action) -> Lifecycle.Event? {
        switch action {
        case .prepareWarehouse(let configuration, let failures):
            return prepareWarehouse(configuration, failures: failures)
        case .pingWatchdog:
            if watchdogInterval != nil { notifier.watchdog() }
        case .tick:
            tick()
        case .ignoreReload:
            logger.notice("reload requested before start-up finished; ignored")
        case .startWorkers(let configuration):
            startPool(configuration)
        case .announceReady:
            notifier.ready(status: statusLine())
            probes.markReady()
            logger.notice("starsink ready", metadata: ["pipeline.workers": "\(configuration.pipeline.workers)"])
        case .announceReload:
            announceReload()
        case .loadConfiguration:
            return loadConfiguration()
        case .rejectConfiguration(let problems):
            rejectConfiguration(problems)
        case .applyLiveChanges(let plan):
            applyLiveChanges(plan)
        case .drainWorkers:
            logger.notice("draining workers to apply Kafka/warehouse/worker changes")
            pool?.requestStop()
        case .discardWorkers:
            pool = nil
        case .completeReload(let plan):
            completeReload(plan)
        case .announceStop(let reason):
            announceStop(reason: reason)
        case .stopWorkers:
            pool?.requestStop()
        case .extendStopTimeout:
            // A second SIGTERM during the drain changes nothing; systemd is told the drain is alive.
            notifier.extendTimeout(microseconds: 10_000_000)
        case .reportStopped:
            reportStopped()
        }
        return nil
    }

    /// The configuration in force.
    var configuration: Configuration { lifecycle.configuration }

    private var tickInterval: Duration {
        guard let watchdogInterval else { return .seconds(1) }
        return min(.seconds(1), watchdogInterval / 4)
    }

    /// Status every 2 s; watchdog pings at a third of the interval, only while the workers are healthy.
    func tick() {
        let now = ContinuousClock.now
        if now - lastStatus >= .seconds(2) {
            lastStatus = now
            notifier.status(statusLine())
        }
        if let watchdogInterval, now - lastPing >= watchdogInterval / 3 {
            let stalled = gate.stalledWorkers(now: now)
            if stalled.isEmpty {
                notifier.watchdog()
                lastPing = now
                if !reportedStall.isEmpty { logger.notice("workers progressing again; watchdog pings resumed") }
            } else if stalled != reportedStall {
                logger.error(
                    "workers stalled; withholding the watchdog ping",
                    metadata: [
                        "watchdog.stalled_workers": "\(stalled.map(String.init).joined(separator: ","))"
                    ])
            }
            reportedStall = stalled
        }
    }

    /// e.g. `loaded 1234567 orders, 2.1k/s, lag 340, 0 rejected, 2 workers`
    func statusLine() -> String {
        let snapshot = metrics.snapshot
        if let reason = halt.reason { return reason }
        if let problem = snapshot.warehouseProblem { return problem }
        var parts = [
            "loaded \(snapshot.loaded) orders", "\(rate.update(total: snapshot.loaded))/s", "lag \(snapshot.totalLag)",
            "\(snapshot.rejected) rejected",
            configuration.pipeline.workers == 1 ? "1 worker" : "\(configuration.pipeline.workers) workers",
        ]
        if snapshot.retentionGaps > 0 { parts.append("\(snapshot.retentionGaps) retention gaps") }
        if let reloadProblem { parts.append("reload failed: \(reloadProblem)") }
        return parts.joined(separator: ", ")
    }

    /// One attempt to connect and apply or check the schema; on failure, says why and when the next is due.
    func prepareWarehouse(_ configuration: Configuration, failures: Int) -> Lifecycle.Event {
        do {
            let session = try WarehouseSession(configuration: configuration.warehouse, logger: logger)
            let schema = SchemaManager(session: session, logger: logger)
            if configuration.warehouse.applySchema { try schema.apply() } else { try schema.check() }
            metrics.setWarehouseProblem(nil)
            return .warehouseReady
        } catch {
            let delay = RetryPolicy().delay(attempt: failures + 1)
            let seconds = max(1, delay.milliseconds / 1000)
            let problem =
                error.kind == .connection
                ? "warehouse unreachable, retrying in \(seconds)s"
                : "warehouse not ready (\(error.sqlstate)), retrying in \(seconds)s"
            metrics.setWarehouseProblem(problem)
            metrics.recordWarehouseError(sqlstate: error.sqlstate)
            notifier.status(problem)
            logger.error("\(problem)", metadata: ["odbc.sqlstate": "\(error.sqlstate)", "error": "\(error.message)"])
            return .warehouseUnavailable(retryAt: ContinuousClock.now + delay)
        }
    }

    func startPool(_ configuration: Configuration) {
        let pool = WorkerPool(
            configuration: configuration, settings: settings, metrics: metrics, gate: gate,
            halt: halt, logger: logger)
        pool.start()
        self.pool = pool
    }

    /// STOPPING=1; the drain that follows waits for the batch in flight. `reason`: a worker's halt report.
    func announceStop(reason: String?) {
        probes.markStopping()
        if let reason {
            notifier.stopping(status: "stopping: \(reason)")
            logger.error("stopping: \(reason)")
        } else {
            notifier.stopping(status: "stopping: finishing the batch in flight")
            logger.notice("stopping: finishing the batch in flight and leaving the group")
        }
    }

    func reportStopped() {
        let snapshot = metrics.snapshot
        logger.notice(
            "starsink stopped",
            metadata: [
                "orders.loaded": "\(snapshot.loaded)", "orders.rejected": "\(snapshot.rejected)",
                "orders.duplicates": "\(snapshot.duplicates)", "batches": "\(snapshot.batches)",
                "batch.p50_ms": "\(snapshot.batchMilliseconds.percentile(0.5))",
                "batch.p99_ms": "\(snapshot.batchMilliseconds.percentile(0.99))",
                "latency.p50_ms": "\(snapshot.endToEndMilliseconds.percentile(0.5))",
                "latency.p99_ms": "\(snapshot.endToEndMilliseconds.percentile(0.99))",
            ])
        metricsServer.shutdown()
    }
}

/// Counts per second over the last few status ticks, shown as `2.1k`.
struct RateMeter {
    private var samples: [(ContinuousClock.Instant, Int)] = []

    mutating func update(total: Int) -> String {
        let now = ContinuousClock.now
        samples.append((now, total))
        samples.removeAll { now - $0.0 > .seconds(10) }
        guard let first = samples.first, now - first.0 > .milliseconds(500) else { return "0" }
        let perSecond = Double(total - first.1) / (now - first.0).inSeconds
        return perSecond >= 1000 ? String(format: "%.1fk", perSecond / 1000) : String(Int(perSecond))
    }
}
