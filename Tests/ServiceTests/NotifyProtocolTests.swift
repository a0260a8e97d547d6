import Foundation
import Testing
import TestSupport

extension DaemonServiceSuites {
    /// The sd_notify protocol as systemd sees it, from a real `starsink run` process: the test binds the
    /// `NOTIFY_SOCKET` itself and sets `WATCHDOG_USEC`, so every READY, STATUS, WATCHDOG, RELOADING and
    /// STOPPING datagram is checked against what the daemon was doing (its stderr log, the warehouse).
    @Suite(.serialized) struct NotifyProtocolTests {
        static let watchdog = Duration.seconds(2)

        func startDaemon(_ configPath: String, _ listener: NotifyListener) throws -> ChildProcess {
            try ChildProcess(
                ["run", "--config", configPath],
                environment: [
                    "NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "\(Self.watchdog.components.seconds * 1_000_000)",
                ])
        }

        /// READY waits for the warehouse (STATUS says why meanwhile, and the watchdog is still fed: waiting is a
        /// choice) and then for every worker's subscription; STATUS shows the load; SIGTERM sends STOPPING.
        @Test(.timeLimit(.minutes(3)))
        func readyOnlyOnceTheWarehouseAnswersAndEveryWorkerSubscribed() async throws {
            let fixture = try PipelineFixture(dialect: .postgresql)
            let server = try PostgresServer.start()
            defer { try? server.stop() }
            let scratch = try ScratchDirectory(prefix: "starsink-ready-")
            let config = try DaemonConfiguration(
                brokers: fixture.brokers, connection: try server.createDatabase(),
                passwordFile: scratch.path + "/password")
            let configPath = scratch.path + "/starsink.yaml"
            try config.write(to: configPath)
            try server.stop()

            let listener = try NotifyListener()
            let daemon = try startDaemon(configPath, listener)
            let down = await listener.waitFor(.seconds(30)) {
                $0.fields["STATUS"]?.hasPrefix("warehouse unreachable, retrying in ") == true
            }
            #expect(down != nil, "no 'warehouse unreachable' STATUS; stderr: \(daemon.stderr.suffix(10))")
            let pingWhileDown = await listener.waitFor("WATCHDOG", "1", timeout: .seconds(10), after: down?.index ?? 0)
            #expect(pingWhileDown != nil, "no watchdog ping while waiting for the warehouse")
            #expect(
                !listener.notifications.contains { $0.fields["READY"] != nil }, "READY while the warehouse was down")

            try server.restart()
            let ready = await listener.waitFor("READY", "1", timeout: .seconds(60))
            try #require(ready != nil, "no READY after the warehouse came back; stderr: \(daemon.stderr.suffix(10))")
            let readyAt = ready!.notification.receivedAt
            let subscribed = daemon.stderr.filter { $0.hasSuffix("] subscribed") }
            #expect(subscribed.count == 2, "expected both workers' 'subscribed' lines before READY: \(subscribed)")
            for line in subscribed {
                let at = try #require(logTimestamp(line))
                #expect(at <= readyAt, "READY (\(readyAt)) came before '\(line)'")
            }
            let schemaLine = daemon.stderr.first { $0.contains("schema") }
            #expect(
                schemaLine.flatMap(logTimestamp).map { $0 <= readyAt } == true,
                "schema not checked before READY: \(String(describing: schemaLine))")

            let production = orders(count: 3000, seed: 41)
            try fixture.produce(production)
            let expected = ExpectedLoad(production)
            let pattern = #/^loaded (\d+) orders, [0-9.]+k?/s, lag \d+, (\d+) rejected, 2 workers$/#
            let loaded = await listener.waitFor(.seconds(60), after: ready!.index) { notification in
                guard let status = notification.fields["STATUS"], let match = status.wholeMatch(of: pattern) else {
                    return false
                }
                return Int(match.1) == expected.validOrders.count && Int(match.2) == expected.rejected
            }
            #expect(
                loaded != nil,
                "STATUS never showed the whole load: \(listener.notifications.compactMap { $0.fields["STATUS"] }.suffix(3))"
            )

            let beforeStop = listener.notifications.count
            daemon.signal(SIGTERM)
            #expect(await listener.waitFor("STOPPING", "1", timeout: .seconds(20), after: beforeStop) != nil)
            #expect(try await daemon.exit(within: .seconds(30)) == 0)
        }

        /// SIGHUP: RELOADING=1 with MONOTONIC_USEC, then READY=1. A valid change applies at once (the log
        /// level, then a worker-count change that restarts the workers); an invalid file changes nothing,
        /// is logged with its file and key, and shows in STATUS.
        @Test(.timeLimit(.minutes(3)))
        func reloadAppliesValidChangesAndReportsInvalidOnes() async throws {
            let fixture = try PipelineFixture(dialect: .postgresql)
            let scratch = try ScratchDirectory(prefix: "starsink-reload-")
            var config = try DaemonConfiguration(fixture: fixture, passwordFile: scratch.path + "/password")
            let configPath = scratch.path + "/starsink.yaml"
            try config.write(to: configPath)
            let listener = try NotifyListener()
            let daemon = try startDaemon(configPath, listener)
            let pid = daemon.process.processIdentifier
            try #require(
                await listener.waitFor("READY", "1", timeout: .seconds(60)) != nil,
                "no READY: \(daemon.stderr.suffix(10))")
            var productions = [orders(count: 3000, seed: 51)]
            try fixture.produce(productions[0])
            #expect(try await fixture.loaded(ExpectedLoad(productions).messages, within: .seconds(90), daemon: daemon))
            #expect(!daemon.stderr.contains { $0.contains(" debug ") }, "debug lines before the level was raised")

            /// Sends SIGHUP; returns the READY that ends the reload, after checking the RELOADING before it.
            func reload() async throws -> NotifyListener.Notification {
                let from = listener.notifications.count
                daemon.signal(SIGHUP)
                let reloading = try #require(
                    await listener.waitFor("RELOADING", "1", timeout: .seconds(20), after: from))
                let monotonic = try #require(reloading.notification.fields["MONOTONIC_USEC"].flatMap(UInt64.init))
                #expect(monotonic > 0)
                let ready = try #require(
                    await listener.waitFor("READY", "1", timeout: .seconds(60), after: reloading.index))
                return ready.notification
            }

            config.level = "debug"
            try config.write(to: configPath)
            let debugReady = try await reload()
            #expect(debugReady.fields["STATUS"]?.contains("reload failed") == false)
            #expect(daemon.stderr.contains { $0.contains("configuration reloaded") && $0.contains("log.level=debug") })
            productions.append(orders(count: 2000, seed: 52))
            try fixture.produce(productions[1])
            #expect(try await fixture.loaded(ExpectedLoad(productions).messages, within: .seconds(90), daemon: daemon))
            #expect(
                daemon.stderr.contains { $0.contains(" debug ") && $0.contains("batch committed") },
                "no debug lines after the reload")

            config.extraPipelineLine = "wokers: 3"
            try config.write(to: configPath)
            let rejected = try await reload()
            #expect(
                rejected.fields["STATUS"]?.contains("reload failed") == true,
                "STATUS: \(rejected.fields["STATUS"] ?? "none")")
            #expect(rejected.fields["STATUS"]?.contains("pipeline.wokers") == true)
            let complaint = daemon.stderr.first { $0.contains("invalid configuration") }
            #expect(
                complaint?.contains("config.file=\(configPath)") == true
                    && complaint?.contains("config.key=pipeline.wokers") == true,
                "\(complaint ?? "no complaint logged")")
            #expect(daemon.process.isRunning && daemon.process.processIdentifier == pid)

            config.extraPipelineLine = nil
            config.workers = 1
            try config.write(to: configPath)
            let restarted = try await reload()
            #expect(
                restarted.fields["STATUS"]?.hasSuffix("1 worker") == true,
                "STATUS: \(restarted.fields["STATUS"] ?? "none")")
            #expect(
                daemon.stderr.contains { $0.contains("configuration reloaded") && $0.contains("workers restarted") })
            productions.append(orders(count: 2000, seed: 53))
            try fixture.produce(productions[2])
            let expected = ExpectedLoad(productions)
            #expect(try await fixture.loaded(expected.messages, within: .seconds(90), daemon: daemon))

            let beforeStop = listener.notifications.count
            daemon.signal(SIGTERM)
            #expect(await listener.waitFor("STOPPING", "1", timeout: .seconds(20), after: beforeStop) != nil)
            #expect(try await daemon.exit(within: .seconds(30)) == 0)
            #expect(try fixture.verify(expected) == [])
        }
    }
}
