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
        #expect(try waitUntil(timeout: .seconds(5), pollEvery: .milliseconds(1)) {
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
