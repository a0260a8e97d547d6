/// The daemon's lifecycle — start-up, running, reload, stop — as one explicit state and a pure
/// transition function: `handle(_:)` takes an event, moves to the next state and returns the actions
/// the `Supervisor` must carry out. Nothing here blocks, reads a clock or touches a process, so every
/// transition is unit-tested on its own; the supervisor waits for events and performs the actions.
///
/// Signals during a phase that cannot be interrupted are kept in the state instead of being re-posted:
/// a stop during a reload's drain waits for the drain, and a reload requested while another is under
/// way runs once that one is done (the file may have changed again).
struct Lifecycle: Sendable {
    enum State: Sendable, Equatable {
        /// `run()` has not started.
        case initial
        /// Connecting to the warehouse and applying or checking its schema before `restart`'s workers
        /// start. `failures` attempts have failed so far; the next is due at `retryAt` (nil while one runs).
        case preparingWarehouse(Restart, failures: Int, retryAt: ContinuousClock.Instant?)
        /// The workers have started; waiting until every one has subscribed.
        case subscribing(Restart)
        /// Loading: status ticks, watchdog pings, signals served.
        case running
        /// SIGHUP: the file is being read and validated (no wait happens in this state).
        case loadingConfiguration
        /// A reload that restarts the workers waits for the old ones to commit their batches.
        case draining(ReloadPlan, reloadAgain: Bool, stopRequested: Bool)
        /// Waiting for the workers (if any) to finish; `reason` is a worker's halt report, nil for a signal.
        case stopping(reason: String?)
        case stopped(exitCode: Int32)
    }

    /// Why workers are being started: at start-up, or by a reload (which may have to run again after).
    enum Restart: Sendable, Equatable {
        case startUp
        case reload(ReloadPlan, reloadAgain: Bool)
    }

    enum Event: Sendable, Equatable {
        case start
        case signal(SignalInbox.Event)
        /// A wait ended with nothing to report.
        case tick
        case retryDue
        case warehouseReady
        case warehouseUnavailable(retryAt: ContinuousClock.Instant)
        case subscribed
        case configurationLoaded(Configuration)
        case configurationRejected([ConfigurationError.Problem])
        /// A wait for the workers to finish timed out.
        case stillDraining
        case drained
        /// A worker reported that the daemon must not go on (`HaltSignal`).
        case halted(reason: String)
    }

    enum Action: Sendable, Equatable {
        /// One attempt; the supervisor answers `.warehouseReady` or `.warehouseUnavailable`.
        case prepareWarehouse(Configuration, failures: Int)
        case pingWatchdog
        /// Status line and watchdog, the latter only while the workers progress.
        case tick
        case ignoreReload
        case startWorkers(Configuration)
        /// READY=1 after start-up.
        case announceReady
        /// RELOADING=1, then read the file: the supervisor answers `.configurationLoaded` or `.configurationRejected`.
        case announceReload
        case loadConfiguration
        /// Still running on the previous configuration: log each problem, READY=1 with "reload failed".
        case rejectConfiguration([ConfigurationError.Problem])
        case applyLiveChanges(ReloadPlan)
        /// Ask the workers to finish their batches and leave the group, for a reload.
        case drainWorkers
        case discardWorkers
        /// "configuration reloaded", READY=1.
        case completeReload(ReloadPlan)
        /// STOPPING=1 and the stop's log line.
        case announceStop(reason: String?)
        case stopWorkers
        /// The drain is alive: ask systemd for more time so a slow final batch is not killed.
        case extendStopTimeout
        case reportStopped
    }

    private(set) var state = State.initial
    /// The configuration in force: a reload's new one is adopted when its workers run (or it stops).
    private(set) var configuration: Configuration

    init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Exit code 0 after a signal, 2 after a halt (`RestartPreventExitStatus=2`).
    static func exitCode(stoppingBecause reason: String?) -> Int32 { reason == nil ? 0 : 2 }
}

extension Lifecycle {
    /// Moves to the state `event` leads to and returns what the supervisor must do, in order. An event that
    /// means nothing in the current state (a signal while stopping, say) changes nothing.
    mutating func handle(_ event: Event) -> [Action] {
        switch state {
        case .initial:
            guard event == .start else { return [] }
            return prepareWarehouse(for: .startUp)
        case .preparingWarehouse(let restart, let failures, let retryAt):
            return whilePreparingWarehouse(restart, failures: failures, retryAt: retryAt, event)
        case .subscribing(let restart):
            return whileSubscribing(restart, event)
        case .running:
            return whileRunning(event)
        case .loadingConfiguration:
            return whileLoadingConfiguration(event)
        case .draining(let plan, let reloadAgain, let stopRequested):
            return whileDraining(plan, reloadAgain: reloadAgain, stopRequested: stopRequested, event)
        case .stopping(let reason):
            return whileStopping(reason: reason, event)
        case .stopped:
            return []
        }
    }

    /// The configuration `restart` starts workers with.
    private func target(_ restart: Restart) -> Configuration {
        switch restart {
        case .startUp: configuration
        case .reload(let plan, _): plan.next
        }
    }

    private mutating func prepareWarehouse(for restart: Restart) -> [Action] {
        state = .preparingWarehouse(restart, failures: 0, retryAt: nil)
        return [.prepareWarehouse(target(restart), failures: 0)]
    }

    private mutating func whilePreparingWarehouse(
        _ restart: Restart, failures: Int, retryAt: ContinuousClock.Instant?, _ event: Event
    ) -> [Action] {
        switch event {
        case .warehouseReady:
            state = .subscribing(restart)
            return [.startWorkers(target(restart))]
        case .warehouseUnavailable(let next):
            state = .preparingWarehouse(restart, failures: failures + 1, retryAt: next)
            return []
        case .retryDue:
            state = .preparingWarehouse(restart, failures: failures, retryAt: nil)
            return [.prepareWarehouse(target(restart), failures: failures)]
        case .tick:
            return [.pingWatchdog]
        case .signal(.terminate):
            adoptReloadedConfiguration(restart)
            return stop(reason: nil, workersRunning: false)
        case .signal(.reload):
            guard case .reload(let plan, _) = restart else { return [.ignoreReload] }
            state = .preparingWarehouse(.reload(plan, reloadAgain: true), failures: failures, retryAt: retryAt)
            return []
        default:
            return []
        }
    }

    private mutating func whileSubscribing(_ restart: Restart, _ event: Event) -> [Action] {
        switch event {
        case .subscribed:
            state = .running
            guard case .reload(let plan, let reloadAgain) = restart else { return [.announceReady] }
            configuration = plan.next
            return [.completeReload(plan)] + (reloadAgain ? beginReload() : [])
        case .tick:
            return [.tick]
        case .signal(.terminate):
            adoptReloadedConfiguration(restart)
            return stop(reason: nil, workersRunning: true)
        case .signal(.reload):
            guard case .reload(let plan, _) = restart else { return [.ignoreReload] }
            state = .subscribing(.reload(plan, reloadAgain: true))
            return []
        default:
            return []
        }
    }

    private mutating func whileRunning(_ event: Event) -> [Action] {
        switch event {
        case .tick: [.tick]
        case .signal(.reload): beginReload()
        case .signal(.terminate): stop(reason: nil, workersRunning: true)
        case .halted(let reason): stop(reason: reason, workersRunning: true)
        default: []
        }
    }

    private mutating func beginReload() -> [Action] {
        state = .loadingConfiguration
        return [.announceReload, .loadConfiguration]
    }

    /// A valid file applies what it can at once; changes the workers were built from need them replaced.
    private mutating func whileLoadingConfiguration(_ event: Event) -> [Action] {
        switch event {
        case .configurationRejected(let problems):
            state = .running
            return [.rejectConfiguration(problems)]
        case .configurationLoaded(let next):
            let plan = ReloadPlan(previous: configuration, next: next)
            guard plan.restartsWorkers else {
                state = .running
                configuration = next
                return [.applyLiveChanges(plan), .completeReload(plan)]
            }
            state = .draining(plan, reloadAgain: false, stopRequested: false)
            return [.applyLiveChanges(plan), .drainWorkers]
        default:
            return []
        }
    }

    /// The old workers commit their batches meanwhile; the watchdog stays armed, so ticks go on.
    private mutating func whileDraining(
        _ plan: ReloadPlan, reloadAgain: Bool, stopRequested: Bool, _ event: Event
    ) -> [Action] {
        switch event {
        case .stillDraining:
            return [.tick]
        case .signal(.terminate):
            state = .draining(plan, reloadAgain: reloadAgain, stopRequested: true)
            return []
        case .signal(.reload):
            state = .draining(plan, reloadAgain: true, stopRequested: stopRequested)
            return []
        case .drained:
            let restart = Restart.reload(plan, reloadAgain: reloadAgain)
            if stopRequested {
                adoptReloadedConfiguration(restart)
                return [.discardWorkers] + stop(reason: nil, workersRunning: false)
            }
            if plan.changesWarehouse { return [.discardWorkers] + prepareWarehouse(for: restart) }
            state = .subscribing(restart)
            return [.discardWorkers, .startWorkers(plan.next)]
        default:
            return []
        }
    }

    /// A second SIGTERM during the drain changes nothing.
    private mutating func whileStopping(reason: String?, _ event: Event) -> [Action] {
        switch event {
        case .stillDraining:
            return [.extendStopTimeout]
        case .drained:
            state = .stopped(exitCode: Self.exitCode(stoppingBecause: reason))
            return [.reportStopped]
        default:
            return []
        }
    }

    private mutating func stop(reason: String?, workersRunning: Bool) -> [Action] {
        state = .stopping(reason: reason)
        return [.announceStop(reason: reason)] + (workersRunning ? [.stopWorkers] : [])
    }

    /// A reload interrupted by a stop still counts as read: the daemon exits on the new configuration.
    private mutating func adoptReloadedConfiguration(_ restart: Restart) {
        if case .reload(let plan, _) = restart { configuration = plan.next }
    }
}
