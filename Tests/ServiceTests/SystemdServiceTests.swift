import Foundation
import Testing
import TestSupport

extension DaemonServiceSuites {
    /// `deploy/starsink.service`, unchanged but for a short watchdog, under a real systemd in a throwaway
    /// container: the built binary is bound at /usr/bin/starsink and a test configuration directory at
    /// /etc/starsink, so the unit's own paths, DynamicUser, LoadCredential and hardening are what run.
    /// The daemon reaches dev-kafka and PostgreSQL on the host's loopback (the container shares the network).
    /// Secrets are files in /etc/starsink/credentials, which the unit loads as one directory credential.
    @Suite(.serialized) struct SystemdServiceTests {
        static let unit = "starsink.service"
        static let configInContainer = "/etc/starsink/starsink.yaml"

        @Test(.timeLimit(.minutes(5)))
        func startJournalReloadWatchdogAndStopUnderSystemd() async throws {
            if let reason = SystemdContainer.unavailableReason { try Test.cancel("skipped: \(reason)") }
            let fixture = try PipelineFixture(dialect: .postgresql)
            let scratch = try ScratchDirectory(prefix: "starsink-systemd-", mode: 0o755)
            let credentials = try Self.credentialsDirectory(in: scratch)
            // The warehouse password through ${CREDENTIALS_DIRECTORY}, a Kafka secret through the literal path:
            // both name the same directory. The SASL password is only read and handed over (dev-kafka has no SASL).
            var config = try DaemonConfiguration(
                fixture: fixture, passwordFile: credentials + "/warehouse-password",
                passwordFileSetting: "${CREDENTIALS_DIRECTORY}/starsink_warehouse-password")
            let kafkaSecret = "kafka-secret-\(UInt32.random(in: 0...UInt32.max))"
            try Self.writeSecret(kafkaSecret + "\n", to: credentials + "/kafka-password")
            config.secretFiles = ["sasl.password": "/run/credentials/starsink.service/starsink_kafka-password"]
            config.destination = "auto"
            let configPath = scratch.path + "/starsink.yaml"
            try config.write(to: configPath)
            var productions = [orders(count: 12_000, seed: 71)]
            try fixture.produce(productions[0])

            let container = try SystemdContainer.withStarsinkUnit(scratch)
            defer { container.stop() }

            // Type=notify: `systemctl start` returns once READY arrived, so the unit is already active.
            let started = ContinuousClock.now
            try container.check(["systemctl", "start", Self.unit])
            let afterStart = try container.properties(
                Self.unit, ["ActiveState", "SubState", "MainPID", "StatusText", "NRestarts"])
            #expect(afterStart["ActiveState"] == "active" && afterStart["SubState"] == "running", "\(afterStart)")
            #expect(afterStart["StatusText"]?.contains("2 workers") == true, "\(afterStart)")
            print("systemctl start returned after \(ContinuousClock.now - started)")
            let journal = try container.journal(Self.unit)
            let startedEntry = journal.first { $0["MESSAGE"]?.hasPrefix("Started starsink.service") == true }
            let subscribed = journal.filter { $0["MESSAGE"] == "subscribed" }
            #expect(subscribed.count == 2 && startedEntry != nil)
            for entry in subscribed {
                #expect(
                    timestamp(entry) <= timestamp(startedEntry ?? [:]), "a worker subscribed after systemd saw READY")
            }

            #expect(try await fixture.loaded(ExpectedLoad(productions).messages, within: .seconds(120)))
            try checkJournalFields(
                container,
                secrets: [
                    try String(contentsOfFile: credentials + "/warehouse-password", encoding: .utf8), kafkaSecret,
                ])
            let mainPID = afterStart["MainPID"]

            // A valid change: the log level goes to debug, in the same process.
            config.level = "debug"
            try config.write(to: configPath)
            try await reload(
                container,
                until: {
                    $0["MESSAGE"] == "configuration reloaded"
                        && $0["CONFIG_CHANGES"]?.contains("log.level=debug") == true
                })
            productions.append(orders(count: 3000, seed: 72))
            try fixture.produce(productions[1])
            #expect(try await fixture.loaded(ExpectedLoad(productions).messages, within: .seconds(120)))
            let debugEntry = try container.journal(Self.unit).first { $0["MESSAGE"] == "batch committed" }
            #expect(
                debugEntry?["PRIORITY"] == "7" && debugEntry?["BATCH_ROWS"] != nil,
                "no debug batch lines after the reload")

            // An invalid file: the unit stays active on the old configuration, says why in the journal and STATUS.
            config.extraPipelineLine = "wokers: 3"
            try config.write(to: configPath)
            try await reload(
                container,
                until: {
                    $0["MESSAGE"]?.hasPrefix("invalid configuration") == true
                        && $0["CONFIG_FILE"] == Self.configInContainer
                        && $0["CONFIG_KEY"] == "pipeline.wokers" && $0["PRIORITY"] == "3"
                })
            let invalid = try await waitForProperties(container) { $0["StatusText"]?.contains("reload failed") == true }
            #expect(invalid["ActiveState"] == "active" && invalid["MainPID"] == mainPID, "\(invalid)")

            config.extraPipelineLine = nil
            config.level = "info"
            try config.write(to: configPath)
            try container.check(["systemctl", "reload", Self.unit])
            let repaired = try await waitForProperties(container) { $0["StatusText"]?.hasPrefix("loaded ") == true }
            #expect(repaired["MainPID"] == mainPID)

            // A hang: SIGSTOP stops the pings; the watchdog aborts the process and systemd restarts it.
            productions.append(orders(count: 12_000, seed: 73))
            try fixture.produce(productions[2])
            try container.check(["systemctl", "kill", "-s", "SIGSTOP", Self.unit])
            let restarted = try await waitForProperties(container, timeout: .seconds(60)) {
                (Int($0["NRestarts"] ?? "") ?? 0) >= 1 && $0["ActiveState"] == "active" && $0["MainPID"] != mainPID
            }
            #expect(restarted["NRestarts"] == "1", "\(restarted)")
            #expect(try container.journal(Self.unit).contains { $0["MESSAGE"]?.contains("Watchdog timeout") == true })
            let expected = ExpectedLoad(productions)
            #expect(try await fixture.loaded(expected.messages, within: .seconds(120)))

            let stopping = ContinuousClock.now
            try container.check(["systemctl", "stop", Self.unit])
            let stopTime = ContinuousClock.now - stopping
            #expect(stopTime < .seconds(30), "systemctl stop took \(stopTime)")
            let stopped = try container.properties(Self.unit, ["ActiveState", "Result", "ExecMainStatus"])
            #expect(
                stopped["ActiveState"] == "inactive" && stopped["Result"] == "success"
                    && stopped["ExecMainStatus"] == "0", "\(stopped)")
            #expect(try fixture.verify(expected) == [])
        }

        /// The structured fields journald received through the native protocol, and no secret anywhere.
        func checkJournalFields(_ container: SystemdContainer, secrets: [String]) throws {
            let entries = try container.journal(Self.unit).filter {
                $0["SYSLOG_IDENTIFIER"] == "starsink" && $0["_TRANSPORT"] == "journal"
            }
            let subscribed = entries.first { $0["MESSAGE"] == "subscribed" }
            #expect(
                subscribed?["PRIORITY"] == "6" && subscribed?["KAFKA_TOPIC"] == "orders"
                    && subscribed?["STARSINK_WORKER"] != nil,
                "\(subscribed ?? [:])")
            #expect(
                subscribed?["CODE_FILE"]?.hasSuffix("LoadWorker.swift") == true && subscribed?["CODE_LINE"] != nil
                    && subscribed?["CODE_FUNC"] != nil)
            let deadLetter = entries.first { $0["MESSAGE"] == "event dead-lettered" }
            #expect(
                deadLetter?["PRIORITY"] == "4" && deadLetter?["KAFKA_PARTITION"] != nil
                    && deadLetter?["KAFKA_OFFSET"] != nil
                    && deadLetter?["ERROR_CODE"] != nil && deadLetter?["STARSINK_WORKER"] != nil, "\(deadLetter ?? [:])"
            )
            let text = try container.check(["journalctl", "-u", Self.unit, "-o", "json", "--no-pager"])
            for secret in secrets {
                #expect(
                    !text.contains(secret.trimmingCharacters(in: .whitespacesAndNewlines)), "a secret is in the journal"
                )
            }
        }

        /// `credentials/` (root, 0700) in the directory bound at /etc/starsink, as `make install` creates it.
        static func credentialsDirectory(in scratch: ScratchDirectory) throws -> String {
            let path = scratch.path + "/credentials"
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            return path
        }

        static func writeSecret(_ text: String, to path: String) throws {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o600)
        }

        /// `systemctl reload` returns before the daemon has reloaded (systemd 252): wait for the journal entry.
        func reload(_ container: SystemdContainer, until matches: ([String: String]) -> Bool) async throws {
            let before = try container.journal(Self.unit).filter(matches).count
            try container.check(["systemctl", "reload", Self.unit])
            let seen = try await eventually(timeout: .seconds(30), every: .milliseconds(300)) {
                try container.journal(Self.unit).filter(matches).count > before
            }
            let recent = try container.journal(Self.unit).suffix(5).map { $0["MESSAGE"] ?? "" }
            #expect(seen, "the reload's journal entry never came: \(recent)")
        }

        func waitForProperties(
            _ container: SystemdContainer, timeout: Duration = .seconds(30), until condition: ([String: String]) -> Bool
        ) async throws -> [String: String] {
            var last: [String: String] = [:]
            let held = try await eventually(timeout: timeout, every: .milliseconds(300)) {
                last = try container.properties(
                    Self.unit, ["ActiveState", "SubState", "MainPID", "StatusText", "NRestarts"])
                return condition(last)
            }
            #expect(held, "unit never reached the expected state: \(last)")
            return last
        }

        func timestamp(_ entry: [String: String]) -> UInt64 {
            UInt64(entry["_SOURCE_REALTIME_TIMESTAMP"] ?? entry["__REALTIME_TIMESTAMP"] ?? "") ?? .max
        }
    }
}
