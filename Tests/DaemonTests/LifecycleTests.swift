import Logging
import Testing
@testable import Daemon

/// `Lifecycle`'s transitions, without a process: start-up with a warehouse that is not there yet, READY, a
/// stop, a worker's halt, and reloads — invalid, live-only, restarting the workers, interrupted by signals.
@Suite struct LifecycleTests {
    static let current = Configuration(
        kafka: .init(brokers: "k:9092"), warehouse: .init(dialect: .sqlite, connection: "Driver=SQLite3;Database=a.db"))
    static let instant = ContinuousClock.now

    static func changed(_ change: (inout Configuration) -> Void) -> Configuration {
        var configuration = current
        change(&configuration)
        return configuration
    }

    static let debugLevel = changed { $0.log.level = .debug }
    static let threeWorkers = changed { $0.pipeline.workers = 3 }
    static let otherWarehouse = changed { $0.warehouse.connection = "Driver=SQLite3;Database=b.db" }

    /// A lifecycle that is READY on `current`.
    static func running() -> Lifecycle {
        var lifecycle = Lifecycle(configuration: current)
        _ = lifecycle.handle(.start)
        _ = lifecycle.handle(.warehouseReady)
        _ = lifecycle.handle(.subscribed)
        return lifecycle
    }

    /// A running lifecycle that has read `next` and is draining its workers to apply it.
    static func draining(to next: Configuration) -> Lifecycle {
        var lifecycle = running()
        _ = lifecycle.handle(.signal(.reload))
        _ = lifecycle.handle(.configurationLoaded(next))
        return lifecycle
    }

    @Test func startUpRetriesTheWarehouseThenWaitsForSubscriptionsBeforeReady() {
        var lifecycle = Lifecycle(configuration: Self.current)
        #expect(lifecycle.handle(.start) == [.prepareWarehouse(Self.current, failures: 0)])
        #expect(lifecycle.handle(.warehouseUnavailable(retryAt: Self.instant)).isEmpty)
        #expect(lifecycle.state == .preparingWarehouse(.startUp, failures: 1, retryAt: Self.instant))
        // While it waits: the watchdog is fed, and a reload is refused (there is nothing to reload yet).
        #expect(lifecycle.handle(.tick) == [.pingWatchdog])
        #expect(lifecycle.handle(.signal(.reload)) == [.ignoreReload])
        #expect(lifecycle.handle(.retryDue) == [.prepareWarehouse(Self.current, failures: 1)])
        #expect(lifecycle.handle(.warehouseReady) == [.startWorkers(Self.current)])
        #expect(lifecycle.state == .subscribing(.startUp))
        #expect(lifecycle.handle(.tick) == [.tick])
        #expect(lifecycle.handle(.signal(.reload)) == [.ignoreReload])
        #expect(lifecycle.handle(.subscribed) == [.announceReady])
        #expect(lifecycle.state == .running)
    }

    @Test func aStopBeforeTheWarehouseAnswersExitsWithoutWorkers() {
        var lifecycle = Lifecycle(configuration: Self.current)
        _ = lifecycle.handle(.start)
        _ = lifecycle.handle(.warehouseUnavailable(retryAt: Self.instant))
        #expect(lifecycle.handle(.signal(.terminate)) == [.announceStop(reason: nil)])
        #expect(lifecycle.handle(.drained) == [.reportStopped])
        #expect(lifecycle.state == .stopped(exitCode: 0))
    }

    @Test func aStopWhileSubscribingStopsTheNewWorkers() {
        var lifecycle = Lifecycle(configuration: Self.current)
        _ = lifecycle.handle(.start)
        _ = lifecycle.handle(.warehouseReady)
        #expect(lifecycle.handle(.signal(.terminate)) == [.announceStop(reason: nil), .stopWorkers])
        #expect(lifecycle.state == .stopping(reason: nil))
    }

    @Test func sigtermDrainsTheWorkersAndExitsZero() {
        var lifecycle = Self.running()
        #expect(lifecycle.handle(.tick) == [.tick])
        #expect(lifecycle.handle(.signal(.terminate)) == [.announceStop(reason: nil), .stopWorkers])
        #expect(lifecycle.handle(.stillDraining) == [.extendStopTimeout])
        // A second SIGTERM, a SIGHUP or a halt during the drain changes nothing.
        #expect(lifecycle.handle(.signal(.terminate)).isEmpty)
        #expect(lifecycle.handle(.signal(.reload)).isEmpty)
        #expect(lifecycle.handle(.halted(reason: "fenced")).isEmpty)
        #expect(lifecycle.handle(.drained) == [.reportStopped])
        #expect(lifecycle.state == .stopped(exitCode: 0))
        #expect(lifecycle.handle(.start).isEmpty && lifecycle.state == .stopped(exitCode: 0))
    }

    @Test func aHaltStopsWithExitCodeTwo() {
        var lifecycle = Self.running()
        #expect(lifecycle.handle(.halted(reason: "fenced")) == [.announceStop(reason: "fenced"), .stopWorkers])
        #expect(lifecycle.handle(.drained) == [.reportStopped])
        #expect(lifecycle.state == .stopped(exitCode: 2))
    }

    @Test func anInvalidFileKeepsTheDaemonRunningOnThePreviousConfiguration() {
        var lifecycle = Self.running()
        #expect(lifecycle.handle(.signal(.reload)) == [.announceReload, .loadConfiguration])
        #expect(lifecycle.state == .loadingConfiguration)
        let problem = ConfigurationError.Problem(
            file: "c.yaml", line: 3, key: "pipeline.workers",
            message: "not a number")
        #expect(lifecycle.handle(.configurationRejected([problem])) == [.rejectConfiguration([problem])])
        #expect(lifecycle.state == .running && lifecycle.configuration == Self.current)
    }

    @Test func aLiveChangeAppliesWithoutTouchingTheWorkers() {
        var lifecycle = Self.running()
        _ = lifecycle.handle(.signal(.reload))
        let plan = ReloadPlan(previous: Self.current, next: Self.debugLevel)
        #expect(
            lifecycle.handle(.configurationLoaded(Self.debugLevel))
                == [.applyLiveChanges(plan), .completeReload(plan)])
        #expect(lifecycle.state == .running && lifecycle.configuration == Self.debugLevel)
    }

    @Test func aWorkerChangeDrainsAndStartsNewWorkers() {
        var lifecycle = Self.running()
        _ = lifecycle.handle(.signal(.reload))
        let plan = ReloadPlan(previous: Self.current, next: Self.threeWorkers)
        #expect(lifecycle.handle(.configurationLoaded(Self.threeWorkers)) == [.applyLiveChanges(plan), .drainWorkers])
        // The watchdog stays armed through the drain: ticks go on.
        #expect(lifecycle.handle(.stillDraining) == [.tick])
        #expect(lifecycle.handle(.drained) == [.discardWorkers, .startWorkers(Self.threeWorkers)])
        // Until the new workers run, the old configuration is the one in force (the status line says so).
        #expect(lifecycle.configuration == Self.current)
        #expect(lifecycle.handle(.subscribed) == [.completeReload(plan)])
        #expect(lifecycle.state == .running && lifecycle.configuration == Self.threeWorkers)
    }

    @Test func aWarehouseChangeWaitsForTheNewWarehouseBeforeStartingWorkers() {
        var lifecycle = Self.draining(to: Self.otherWarehouse)
        let plan = ReloadPlan(previous: Self.current, next: Self.otherWarehouse)
        #expect(lifecycle.handle(.drained) == [.discardWorkers, .prepareWarehouse(Self.otherWarehouse, failures: 0)])
        _ = lifecycle.handle(.warehouseUnavailable(retryAt: Self.instant))
        #expect(lifecycle.handle(.retryDue) == [.prepareWarehouse(Self.otherWarehouse, failures: 1)])
        #expect(lifecycle.handle(.warehouseReady) == [.startWorkers(Self.otherWarehouse)])
        #expect(lifecycle.handle(.subscribed) == [.completeReload(plan)])
        #expect(lifecycle.configuration == Self.otherWarehouse)
    }

    @Test func aStopDuringTheDrainWaitsForItThenExitsWithoutNewWorkers() {
        var lifecycle = Self.draining(to: Self.threeWorkers)
        #expect(lifecycle.handle(.signal(.terminate)).isEmpty)
        #expect(lifecycle.handle(.stillDraining) == [.tick])
        #expect(lifecycle.handle(.drained) == [.discardWorkers, .announceStop(reason: nil)])
        #expect(lifecycle.state == .stopping(reason: nil) && lifecycle.configuration == Self.threeWorkers)
        #expect(lifecycle.handle(.drained) == [.reportStopped])
        #expect(lifecycle.state == .stopped(exitCode: 0))
    }

    @Test func aStopWhileAReloadWaitsForTheWarehouseExitsAtOnce() {
        var lifecycle = Self.draining(to: Self.otherWarehouse)
        _ = lifecycle.handle(.drained)
        _ = lifecycle.handle(.warehouseUnavailable(retryAt: Self.instant))
        #expect(lifecycle.handle(.signal(.terminate)) == [.announceStop(reason: nil)])
        #expect(lifecycle.configuration == Self.otherWarehouse)
    }

    @Test func aStopWhileTheNewWorkersSubscribeStopsThem() {
        var lifecycle = Self.draining(to: Self.threeWorkers)
        _ = lifecycle.handle(.drained)
        #expect(lifecycle.handle(.signal(.terminate)) == [.announceStop(reason: nil), .stopWorkers])
    }

    /// The file may have changed again while the workers were replaced: it is read once more afterwards.
    @Test(arguments: [false, true])
    func aReloadDuringAReloadRunsAfterIt(duringDrain: Bool) {
        var lifecycle = Self.draining(to: Self.threeWorkers)
        if duringDrain { #expect(lifecycle.handle(.signal(.reload)).isEmpty) }
        _ = lifecycle.handle(.drained)
        if !duringDrain { #expect(lifecycle.handle(.signal(.reload)).isEmpty) }
        let plan = ReloadPlan(previous: Self.current, next: Self.threeWorkers)
        #expect(lifecycle.handle(.subscribed) == [.completeReload(plan), .announceReload, .loadConfiguration])
        #expect(lifecycle.state == .loadingConfiguration && lifecycle.configuration == Self.threeWorkers)
    }

    @Test func eventsThatMeanNothingInAStateChangeNothing() {
        var lifecycle = Self.running()
        for event: Lifecycle.Event in [.start, .retryDue, .warehouseReady, .subscribed, .drained, .stillDraining] {
            #expect(lifecycle.handle(event).isEmpty, "\(event)")
        }
        #expect(lifecycle.state == .running)
    }

    @Test func aPlanListsItsChangesInTheOrderTheyApply() {
        let next = Self.changed {
            $0.log.level = .debug
            $0.pipeline.batchMaxRecords = 10
            $0.metrics.listen = nil
            $0.kafka.topic = "other"
        }
        let plan = ReloadPlan(previous: Self.current, next: next)
        #expect(plan.changes == ["log.level=debug", "batch limits", "metrics.listen=off", "workers restarted"])
        #expect(plan.restartsWorkers && !plan.changesWarehouse)
        #expect(ReloadPlan(previous: Self.current, next: Self.current).changes.isEmpty)
    }

    @Test func onlyWhatTheWorkersWereBuiltFromRestartsThem() {
        let restarting = [
            Self.threeWorkers, Self.otherWarehouse, Self.changed { $0.kafka.groupID = "g" },
            Self.changed { $0.dimensions.customerRegion = .type1 },
        ]
        for next in restarting { #expect(ReloadPlan(previous: Self.current, next: next).restartsWorkers) }
        let live = [
            Self.debugLevel, Self.changed { $0.pipeline.batchMaxWaitMilliseconds = 5 },
            Self.changed { $0.metrics.listen = nil },
        ]
        for next in live { #expect(!ReloadPlan(previous: Self.current, next: next).restartsWorkers) }
    }
}
