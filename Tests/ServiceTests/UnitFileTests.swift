import Foundation
import Testing
import TestSupport

/// `deploy/starsink.service` as systemd's own tools judge it. `systemd-analyze verify` needs the
/// ExecStart binary to exist, so it checks a copy naming the built binary.
@Suite struct UnitFileTests {
    static let analyze = "/usr/bin/systemd-analyze"

    /// A copy of the unit, with the built binary in place of /usr/bin/starsink, in a fresh directory.
    func unitCopy() throws -> (ScratchDirectory, String) {
        let directory = try ScratchDirectory(prefix: "starsink-unit-")
        let unit = try String(contentsOfFile: repositoryRoot + "/deploy/starsink.service", encoding: .utf8)
        let path = directory.path + "/starsink.service"
        try unit.replacingOccurrences(of: "/usr/bin/starsink", with: try StarsinkBinary.checkedPath())
            .write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    @Test(.timeLimit(.minutes(1)))
    func verifyPrintsNothing() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.analyze) else {
            try Test.cancel("skipped: systemd-analyze is not installed")
        }
        let (directory, path) = try unitCopy()
        let output = try Command.run([Self.analyze, "verify", path])
        // It exits 0 on some warnings (unknown keys, bad Type=): any output at all is a failure.
        #expect(
            output.status == 0 && output.stderr.isEmpty && output.stdout.isEmpty, "\(output.stderr)\(output.stdout)")
        _ = directory
    }

    @Test(.timeLimit(.minutes(1)))
    func securityExposureIsAtMostTwo() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.analyze) else {
            try Test.cancel("skipped: systemd-analyze is not installed")
        }
        let (directory, path) = try unitCopy()
        let output = try Command.run([Self.analyze, "security", "--offline=yes", "--no-pager", path])
        let line = output.stdout.split(separator: "\n").first {
            $0.contains("Overall exposure level for starsink.service")
        }
        let score = line.flatMap { $0.firstMatch(of: #/: (\d+\.\d+) /#) }.flatMap { Double($0.1) }
        let measured = try #require(score, "no exposure score in: \(output.stdout.suffix(300))\(output.stderr)")
        print("systemd-analyze security --offline=yes: exposure \(measured)")
        #expect(measured <= 2.0, "\(line ?? "")")
        _ = directory
    }

    /// The settings the README documents, present in the shipped unit.
    @Test func unitCarriesTheDocumentedSettings() throws {
        let unit = try String(contentsOfFile: repositoryRoot + "/deploy/starsink.service", encoding: .utf8)
        for setting in [
            "Type=notify", "ExecStart=/usr/bin/starsink run --config /etc/starsink/starsink.yaml",
            "ExecReload=/bin/kill -HUP $MAINPID",
            "WatchdogSec=", "Restart=on-failure", "TimeoutStopSec=", "DynamicUser=yes", "ProtectSystem=strict",
            "NoNewPrivileges=yes",
            "CapabilityBoundingSet=\n", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
            "SystemCallFilter=@system-service",
            "LoadCredential=starsink:/etc/starsink/credentials\n", "RestartPreventExitStatus=2\n",
            "Environment=SWIFT_BACKTRACE=enable=no",
        ] {
            #expect(unit.contains(setting), "missing \(setting)")
        }
    }
}
