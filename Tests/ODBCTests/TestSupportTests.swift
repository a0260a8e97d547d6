import Foundation
import Testing
import TestSupport

/// The shared harness (other test targets rely on it, so it is tested here, next to its first user).
@Suite(.timeLimit(.minutes(1)))
struct TestSupportTests {
    @Test func freePortsAreUsableNumbers() throws {
        let port = try freeTCPPort()
        #expect((1024...65535).contains(port))
    }

    @Test func waitUntilHonoursItsDeadline() throws {
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try waitUntil(timeout: .milliseconds(200)) { false } == false)
        #expect(clock.now - start >= .milliseconds(200))
        var polls = 0
        #expect(
            try waitUntil(timeout: .seconds(5), pollEvery: .milliseconds(1)) {
                polls += 1
                return polls == 3
            })
        #expect(polls == 3)
    }

    @Test func temporaryDirectoriesArePrivateAndDistinct() throws {
        let first = try makeTemporaryDirectory(prefix: "starsink-test-")
        let second = try makeTemporaryDirectory(prefix: "starsink-test-")
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        #expect(first != second)
        let permissions = try FileManager.default.attributesOfItem(atPath: first)[.posixPermissions] as? Int
        #expect(permissions == 0o700)
    }

    @Test func sharedServerIsOneServerWithSeparateDatabases() throws {
        let server = try PostgresServer.shared()
        #expect(try PostgresServer.shared() === server)
        let first = try server.createDatabase()
        let second = try server.createDatabase()
        #expect(first != second)
        #expect(first.contains("Port=\(server.port)"))
        #expect(first.contains("UseServerSidePrepare=1;CommLog=0;Debug=0"))
        let name = try #require(PostgresServer.databaseName(in: first))
        #expect(try server.psql(database: name, "SELECT current_user, current_database()") == "starsink_test|\(name)")
        #expect(try server.psql(database: name, "SHOW fsync") == "off")
        #expect(throws: (any Error).self) { try server.psql(database: name, "SELECT * FROM missing_table") }
    }
}

/// `ChildProcess` hands a test everything the child wrote, to the last byte, however the pipe cut it.
/// The rounds run off the pool and return what they saw; the expectations are checked on the test's
/// own task, where Swift Testing can attribute them to the test.
@Suite(.timeLimit(.minutes(2)))
struct ChildProcessOutputTests {
    /// 28 bytes, 16 of them in multi-byte characters. Chunk boundaries at multiples of 4 KiB land on
    /// every 4th byte of a line in turn, so some fall inside `語` (bytes 15–17) and `—` (19–21).
    static let line = "Grüße, 日本語 — line"
    static let lines = 100_000
    static let lastLine = "the end: ünï"
    /// About 2.8 MB of lines, then a last line without a newline; a stderr line without one either.
    static let script = "yes '\(line)' | head -n \(lines - 1); printf '\(lastLine)'; printf 'stderr: ünï' >&2"
    static let expected = String(repeating: line + "\n", count: lines - 1) + lastLine

    /// What one round saw, small enough to print when it is wrong.
    struct Round: Equatable {
        var status: Int32?
        var bytes: Int
        /// The first byte offset where stdout differs from `expected`, if it does.
        var firstDifference: Int?
        var stderr: String
    }

    static func firstDifference(_ actual: String, _ expected: String) -> Int? {
        if actual == expected { return nil }
        if let index = zip(actual.utf8, expected.utf8).enumerated().first(where: { $1.0 != $1.1 })?.offset {
            return index
        }
        return actual.utf8.count == expected.utf8.count ? nil : min(actual.utf8.count, expected.utf8.count)
    }

    @Test func runReturnsAllOfALongOutputExactly() async throws {
        let rounds = try await offThePool {
            try (1...20).map { _ in
                let result = try ChildProcess.run(["-c", Self.script], executable: "/bin/sh", timeout: .seconds(30))
                return Round(
                    status: result.status, bytes: result.stdout.utf8.count,
                    firstDifference: Self.firstDifference(result.stdout, Self.expected), stderr: result.stderr)
            }
        }
        let exact = Round(status: 0, bytes: Self.expected.utf8.count, firstDifference: nil, stderr: "stderr: ünï")
        for (index, round) in rounds.enumerated() { #expect(round == exact, "round \(index + 1)") }
    }

    @Test func linesArriveWholeUpToTheLastOne() async throws {
        let rounds = try await offThePool {
            try (1...10).map { _ in
                let child = try ChildProcess(["-c", Self.script], executable: "/bin/sh")
                // Matches only once the child has exited: the last line has no newline, so it ends at end-of-file.
                let last = child.waitForLine(timeout: .seconds(30)) { $0.hasPrefix("the end") }
                let stdout = child.stdout
                return (
                    last: last, count: stdout.count,
                    garbled: stdout.filter { $0 != Self.line && $0 != Self.lastLine }.prefix(3)
                )
            }
        }
        for (index, round) in rounds.enumerated() {
            #expect(round.last == Self.lastLine, "round \(index + 1): the last line, read after the exit")
            #expect(round.count == Self.lines, "round \(index + 1)")
            #expect(round.garbled.isEmpty, "round \(index + 1): lines not as written")
        }
    }
}
