import Glibc
import Systemd
import Testing

struct LogDestinationTests {
    /// A pipe's write end and its `dev:inode`, as systemd would put it in `$JOURNAL_STREAM`.
    private func pipeIdentity() throws -> (readFD: Int32, writeFD: Int32, identity: String) {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        var status = stat()
        try #require(fstat(fds[1], &status) == 0)
        return (fds[0], fds[1], "\(status.st_dev):\(status.st_ino)")
    }

    @Test func matchingStreamIsTheJournal() throws {
        let (readFD, writeFD, identity) = try pipeIdentity()
        defer { close(readFD); close(writeFD) }
        #expect(LogDestination.isJournal(fileDescriptor: writeFD, environment: ["JOURNAL_STREAM": identity]))
    }

    @Test func anotherStreamIsNot() throws {
        let first = try pipeIdentity()
        let second = try pipeIdentity()
        defer { [first.readFD, first.writeFD, second.readFD, second.writeFD].forEach { close($0) } }
        #expect(
            !LogDestination.isJournal(fileDescriptor: first.writeFD, environment: ["JOURNAL_STREAM": second.identity]))
    }

    @Test(arguments: [[:], ["JOURNAL_STREAM": ""], ["JOURNAL_STREAM": "8:x"], ["JOURNAL_STREAM": "1:2:3"]])
    func missingOrMalformedVariableIsNotTheJournal(environment: [String: String]) throws {
        let (readFD, writeFD, _) = try pipeIdentity()
        defer { close(readFD); close(writeFD) }
        #expect(!LogDestination.isJournal(fileDescriptor: writeFD, environment: environment))
    }

    @Test func invalidDescriptorIsNotTheJournal() throws {
        let (readFD, writeFD, identity) = try pipeIdentity()
        defer { close(readFD); close(writeFD) }
        #expect(!LogDestination.isJournal(fileDescriptor: -1, environment: ["JOURNAL_STREAM": identity]))
    }

    @Test func stderrMatchesItsOwnIdentity() throws {
        var status = stat()
        try #require(fstat(STDERR_FILENO, &status) == 0)
        #expect(LogDestination.stderrIsJournal(environment: ["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino)"]))
    }

    @Test func stderrIsNotAMadeUpStream() {
        #expect(!LogDestination.stderrIsJournal(environment: ["JOURNAL_STREAM": "0:0"]))
        #expect(!LogDestination.stderrIsJournal(environment: [:]))
    }
}
