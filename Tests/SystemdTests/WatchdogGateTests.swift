import Systemd
import Testing

struct WatchdogGateTests {
    private let start = ContinuousClock.now

    @Test func noWorkersMeansPing() {
        #expect(WatchdogGate(stallLimit: .seconds(10)).shouldPing(now: start))
    }

    @Test func busyWorkerPastTheLimitStopsPings() {
        let gate = WatchdogGate(stallLimit: .seconds(10))
        gate.register(worker: 1, now: start)
        gate.register(worker: 2, now: start)
        gate.busy(worker: 2, now: start + .seconds(5))
        #expect(gate.shouldPing(now: start + .seconds(9)))
        gate.progressed(worker: 1, now: start + .seconds(14))
        #expect(gate.shouldPing(now: start + .seconds(15)))
        #expect(!gate.shouldPing(now: start + .seconds(16)))
        #expect(gate.stalledWorkers(now: start + .seconds(16)) == [2])
    }

    @Test func idleWorkerNeverStalls() {
        let gate = WatchdogGate(stallLimit: .seconds(10))
        gate.register(worker: 1, now: start)
        gate.idle(worker: 1, now: start + .seconds(1))
        #expect(gate.shouldPing(now: start + .seconds(3_600)))
    }

    @Test func progressAfterAStallRestoresPings() {
        let gate = WatchdogGate(stallLimit: .seconds(10))
        gate.register(worker: 1, now: start)
        gate.busy(worker: 1, now: start)
        #expect(!gate.shouldPing(now: start + .seconds(11)))
        gate.progressed(worker: 1, now: start + .seconds(12))
        #expect(gate.shouldPing(now: start + .seconds(13)))
        #expect(!gate.shouldPing(now: start + .seconds(23)))
    }

    @Test func silentProgressingWorkerStallsToo() {
        let gate = WatchdogGate(stallLimit: .seconds(10))
        gate.register(worker: 3, now: start)
        #expect(gate.stalledWorkers(now: start + .seconds(11)) == [3])
        gate.idle(worker: 3, now: start + .seconds(11))
        gate.busy(worker: 3, now: start + .seconds(12))
        #expect(gate.stalledWorkers(now: start + .seconds(20)).isEmpty)
        #expect(gate.stalledWorkers(now: start + .seconds(23)) == [3])
    }

    @Test func unregisteredWorkersAreForgottenAndTheirLateReportsIgnored() {
        let gate = WatchdogGate(stallLimit: .seconds(10))
        gate.register(worker: 1, now: start)
        gate.busy(worker: 1, now: start)
        gate.unregister(worker: 1)
        #expect(gate.shouldPing(now: start + .seconds(60)))
        gate.busy(worker: 1, now: start + .seconds(60))
        #expect(gate.shouldPing(now: start + .seconds(120)))
    }

    @Test func stalledWorkersAreSorted() {
        let gate = WatchdogGate(stallLimit: .seconds(1))
        for worker in [5, 2, 9, 1] {
            gate.register(worker: worker, now: start)
        }
        gate.idle(worker: 9, now: start)
        #expect(gate.stalledWorkers(now: start + .seconds(2)) == [1, 2, 5])
    }
}
