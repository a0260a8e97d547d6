import Glibc
import Systemd
import Testing

@Suite(.timeLimit(.minutes(1)))
struct SystemdNotifierTests {
    @Test func sendsExactDatagramsToAPathSocket() throws {
        let listener = try DatagramListener()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
        #expect(notifier.isEnabled)

        notifier.ready()
        #expect(listener.receive() == "READY=1")
        notifier.ready(status: "consuming orders")
        #expect(listener.receive() == "READY=1\nSTATUS=consuming orders")
        notifier.status("2 workers\nlag 17")
        #expect(listener.receive() == "STATUS=2 workers lag 17")
        notifier.stopping()
        #expect(listener.receive() == "STOPPING=1")
        notifier.stopping(status: "draining")
        #expect(listener.receive() == "STOPPING=1\nSTATUS=draining")
        notifier.watchdog()
        #expect(listener.receive() == "WATCHDOG=1")
        notifier.extendTimeout(microseconds: 30_000_000)
        #expect(listener.receive() == "EXTEND_TIMEOUT_USEC=30000000")
        notifier.send(["MAINPID=42", "ERRNO=5"])
        #expect(listener.receive() == "MAINPID=42\nERRNO=5")
    }

    @Test func reloadingCarriesAPlausibleMonotonicTimestamp() throws {
        let listener = try DatagramListener()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
        let before = SystemdNotifier.monotonicMicroseconds()
        notifier.reloading()
        let after = SystemdNotifier.monotonicMicroseconds()

        let datagram = try #require(listener.receive())
        let lines = datagram.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(lines.last?.split(separator: "=", maxSplits: 1))
        #expect(stamp.first == "MONOTONIC_USEC")
        let microseconds = try #require(UInt64(String(stamp.last ?? "")))
        #expect(microseconds >= before && microseconds <= after)

        var monotonic = timespec()
        clock_gettime(CLOCK_MONOTONIC, &monotonic)
        #expect(microseconds / 1_000_000 <= UInt64(monotonic.tv_sec))
    }

    @Test func sendsToAnAbstractSocket() throws {
        let listener = try DatagramListener(abstractNameSuffix: "abstract")
        #expect(listener.notifySocket.hasPrefix("@"))
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
        #expect(notifier.isEnabled)
        notifier.ready(status: "abstract")
        #expect(listener.receive() == "READY=1\nSTATUS=abstract")
    }

    @Test(arguments: [[:], ["NOTIFY_SOCKET": ""], ["NOTIFY_SOCKET": "relative/path"], ["NOTIFY_SOCKET": "@"]])
    func withoutAUsableSocketEverythingIsANoOp(environment: [String: String]) {
        let notifier = SystemdNotifier(environment: environment)
        #expect(!notifier.isEnabled)
        notifier.ready(status: "ignored")
        notifier.reloading()
        notifier.stopping()
        notifier.watchdog()
        notifier.extendTimeout(microseconds: 1)
        notifier.send(["X=1"])
    }

    @Test func aSocketThatNobodyListensOnDoesNotFailTheCaller() {
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/tmp/starsink-no-such-dir/notify"])
        #expect(notifier.isEnabled)
        notifier.watchdog()
    }

    @Test func watchdogIntervalParsing() {
        let me = getpid()
        #expect(SystemdNotifier.watchdogInterval(environment: [:]) == nil)
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "20000000"]) == .seconds(20))
        #expect(
            SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "1500", "WATCHDOG_PID": "\(me)"])
                == .microseconds(1500)
        )
        #expect(
            SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "1500", "WATCHDOG_PID": "\(me + 1)"]) == nil
        )
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "1500", "WATCHDOG_PID": "x"]) == nil)
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "0"]) == nil)
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "-5"]) == nil)
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "soon"]) == nil)
        #expect(
            SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "10", "WATCHDOG_PID": "7"], processID: 7)
                == .microseconds(10)
        )
    }
}
