import Dispatch
import Foundation
import Logging
import Synchronization
import Systemd

/// The daemon (`starsink run`): waits for the warehouse, starts the workers, tells systemd,
/// and handles SIGHUP (reload) and SIGTERM/SIGINT (drain and exit) until told to stop.
package final class Supervisor {
    let configurationPath: String
    var configuration: Configuration
    let levelControl: LogLevelControl
    let logger: Logger
    let notifier: SystemdNotifier
    let metrics = PipelineMetrics()
    let settings: LiveSettings
    let watchdogInterval: Duration?
    let gate: WatchdogGate?
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
    /// Set when a stop arrives while a reload waits for the warehouse.
    var terminateRequested = false

    package init(configurationPath: String, configuration: Configuration, levelControl: LogLevelControl, logger: Logger,
                 environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.configurationPath = configurationPath
        self.configuration = configuration
        self.levelControl = levelControl
        self.logger = logger
        self.notifier = SystemdNotifier(environment: environment)
        self.settings = LiveSettings(BatchLimits(configuration.pipeline))
        self.watchdogInterval = SystemdNotifier.watchdogInterval(environment: environment)
        self.gate = watchdogInterval.map { WatchdogGate(stallLimit: $0) }
    }

    /// Runs the daemon; returns the process exit code.
    package func run() -> Int32 {
        signals.install()
        logger.notice("starsink starting", metadata: [
            "kafka.topic": "\(configuration.kafka.topic)", "kafka.group": "\(configuration.kafka.groupID)",
            "warehouse.dialect": "\(configuration.warehouse.dialect.rawValue)", "pipeline.workers": "\(configuration.pipeline.workers)"])
        guard prepareWarehouse(configuration) else { return finishStopping() }
        startPool(configuration)
        guard waitForSubscriptions() else { return finishStopping() }
        notifier.ready(status: statusLine())
        logger.notice("starsink ready", metadata: ["pipeline.workers": "\(configuration.pipeline.workers)"])
        while true {
            switch signals.next(timeout: tickInterval) {
            case .terminate: return finishStopping()
            case .reload:
                reload()
                if terminateRequested { return finishStopping() }
            case nil: tick()
            }
            if let reason = halt.reason { return finishStopping(because: reason) }
        }
    }

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
        if let watchdogInterval, let gate, now - lastPing >= watchdogInterval / 3 {
            let stalled = gate.stalledWorkers(now: now)
            if stalled.isEmpty {
                notifier.watchdog()
                lastPing = now
                if !reportedStall.isEmpty { logger.notice("workers progressing again; watchdog pings resumed") }
            } else if stalled != reportedStall {
                logger.error("workers stalled; withholding the watchdog ping", metadata: [
                    "watchdog.stalled_workers": "\(stalled.map(String.init).joined(separator: ","))"])
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
            "\(snapshot.rejected) rejected", configuration.pipeline.workers == 1 ? "1 worker" : "\(configuration.pipeline.workers) workers",
        ]
        if snapshot.retentionGaps > 0 { parts.append("\(snapshot.retentionGaps) retention gaps") }
        if let reloadProblem { parts.append("reload failed: \(reloadProblem)") }
        return parts.joined(separator: ", ")
    }

    /// Connects once and applies or checks the schema, retrying with backoff until it works or a stop arrives.
    func prepareWarehouse(_ configuration: Configuration) -> Bool {
        let retry = RetryPolicy()
        var attempt = 0
        while true {
            do {
                let session = try WarehouseSession(configuration: configuration.warehouse, logger: logger)
                let schema = SchemaManager(session: session, logger: logger)
                if configuration.warehouse.applySchema { try schema.apply() } else { try schema.check() }
                metrics.setWarehouseProblem(nil)
                return true
            } catch {
                attempt += 1
                let delay = retry.delay(attempt: attempt)
                let seconds = max(1, delay.milliseconds / 1000)
                let problem = error.kind == .connection
                    ? "warehouse unreachable, retrying in \(seconds)s" : "warehouse not ready (\(error.sqlstate)), retrying in \(seconds)s"
                metrics.setWarehouseProblem(problem)
                notifier.status(problem)
                logger.error("\(problem)", metadata: ["odbc.sqlstate": "\(error.sqlstate)", "error": "\(error.message)"])
                let deadline = ContinuousClock.now + delay
                while ContinuousClock.now < deadline {
                    switch signals.next(timeout: min(.seconds(1), deadline - ContinuousClock.now)) {
                    case .terminate: return false
                    case .reload: logger.notice("reload requested before start-up finished; ignored")
                    case nil: if watchdogInterval != nil { notifier.watchdog() }
                    }
                }
            }
        }
    }

    func startPool(_ configuration: Configuration) {
        let pool = WorkerPool(configuration: configuration, settings: settings, metrics: metrics, gate: gate, halt: halt, logger: logger)
        pool.start()
        self.pool = pool
    }

    /// READY waits until every worker has subscribed; signals are still served meanwhile.
    func waitForSubscriptions() -> Bool {
        while !(pool?.allSubscribed ?? true) {
            switch signals.next(timeout: .milliseconds(50)) {
            case .terminate: return false
            case .reload: logger.notice("reload requested before start-up finished; ignored")
            case nil: tick()
            }
        }
        return true
    }

    /// Drains and stops; exit code 0, or 2 when a worker's `halt` report (`reason`) is why.
    private func finishStopping(because reason: String? = nil) -> Int32 {
        if let reason {
            notifier.stopping(status: "stopping: \(reason)")
            logger.error("stopping: \(reason)")
        } else {
            notifier.stopping(status: "stopping: finishing the batch in flight")
            logger.notice("stopping: finishing the batch in flight and leaving the group")
        }
        if let pool {
            pool.requestStop()
            while !pool.waitFinished(timeout: .seconds(1)) {
                // Tell systemd the drain is alive so a slow final batch is not killed; a second
                // SIGTERM during the drain changes nothing.
                notifier.extendTimeout(microseconds: 10_000_000)
                _ = signals.next(timeout: .zero)
            }
        }
        let snapshot = metrics.snapshot
        logger.notice("starsink stopped", metadata: [
            "orders.loaded": "\(snapshot.loaded)", "orders.rejected": "\(snapshot.rejected)", "orders.duplicates": "\(snapshot.duplicates)",
            "batches": "\(snapshot.batches)",
            "batch.p50_ms": "\(snapshot.batchMilliseconds.percentile(0.5))", "batch.p99_ms": "\(snapshot.batchMilliseconds.percentile(0.99))",
            "latency.p50_ms": "\(snapshot.endToEndMilliseconds.percentile(0.5))", "latency.p99_ms": "\(snapshot.endToEndMilliseconds.percentile(0.99))",
        ])
        return reason == nil ? 0 : 2
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
