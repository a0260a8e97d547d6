import Foundation
import Testing
import TestSupport

/// The check that keeps the tests from running a `starsink` binary older than its sources.
struct StarsinkBinaryTests {
    /// A scratch tree: `sources/Daemon/A.swift`, `sources/B.swift` and a `binary`, with chosen times.
    func tree(binaryAge: TimeInterval?, sourceAges: [String: TimeInterval]) throws -> (binary: String, sources: String) {
        let root = try makeTemporaryDirectory(prefix: "starsink-binary-")
        let files = FileManager.default
        let now = Date()
        try files.createDirectory(atPath: root + "/sources/Daemon", withIntermediateDirectories: true)
        for (name, age) in sourceAges {
            let path = root + "/sources/" + name
            try "x".write(toFile: path, atomically: true, encoding: .utf8)
            try files.setAttributes([.modificationDate: now - age], ofItemAtPath: path)
        }
        if let binaryAge {
            try "bin".write(toFile: root + "/binary", atomically: true, encoding: .utf8)
            try files.setAttributes([.modificationDate: now - binaryAge], ofItemAtPath: root + "/binary")
        }
        return (root + "/binary", root + "/sources")
    }

    @Test func aBinaryNewerThanEverySourcePasses() throws {
        let (binary, sources) = try tree(binaryAge: 10, sourceAges: ["Daemon/A.swift": 60, "B.swift": 20])
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: sources).deletingLastPathComponent().path) }
        #expect(StarsinkBinary.problem(binary: binary, sources: sources) == nil)
    }

    @Test func aSourceEditedAfterTheBuildIsNamed() throws {
        let (binary, sources) = try tree(binaryAge: 30, sourceAges: ["Daemon/A.swift": 5, "B.swift": 60])
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: sources).deletingLastPathComponent().path) }
        let problem = try #require(StarsinkBinary.problem(binary: binary, sources: sources))
        #expect(problem.contains("is older than \(sources)/Daemon/A.swift"), "\(problem)")
        #expect(problem.contains("swift build") && problem.contains("STARSINK_BINARY"), "\(problem)")
    }

    /// `touch` or `git stash pop` leaves the code as it was: the compiler runs again (its `.d` file is new) but
    /// rewrites no object, and the linker leaves the binary alone. That binary is current.
    @Test func aSourceCompiledAgainSinceItChangedPasses() throws {
        let (binary, sources) = try tree(binaryAge: 30, sourceAges: ["Daemon/A.swift": 20, "B.swift": 60])
        let root = URL(fileURLWithPath: sources).deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/Daemon.build", withIntermediateDirectories: true)
        try "deps".write(toFile: root + "/Daemon.build/A.d", atomically: true, encoding: .utf8)
        #expect(StarsinkBinary.problem(binary: binary, sources: sources) == nil)
        try FileManager.default.setAttributes([.modificationDate: Date() - 25], ofItemAtPath: root + "/Daemon.build/A.d")
        #expect(StarsinkBinary.problem(binary: binary, sources: sources) != nil, "compiled before the change")
    }

    @Test func aMissingBinaryIsNamed() throws {
        let (binary, sources) = try tree(binaryAge: nil, sourceAges: ["B.swift": 5])
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: sources).deletingLastPathComponent().path) }
        #expect(StarsinkBinary.problem(binary: binary, sources: sources)?.contains("\(binary) does not exist") == true)
    }

    /// The binary these tests themselves run passed the check (or was named explicitly).
    @Test func theBinaryUnderTestIsCurrent() throws {
        #expect(throws: Never.self) { try StarsinkBinary.checkedPath() }
    }
}
