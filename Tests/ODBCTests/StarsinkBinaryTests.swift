import Foundation
import Testing
import TestSupport

/// The check that keeps the tests from running a `starsink` binary older than its sources.
struct StarsinkBinaryTests {
    /// A scratch tree: `sources/Daemon/A.swift`, `sources/B.swift` and a `binary`, each so many seconds old.
    struct Tree {
        let root: String
        var binary: String { root + "/binary" }
        var sources: String { root + "/sources" }

        init(binaryAge: TimeInterval?, sourceAges: [String: TimeInterval]) throws {
            root = try makeTemporaryDirectory(prefix: "starsink-binary-")
            try FileManager.default.createDirectory(atPath: root + "/sources/Daemon", withIntermediateDirectories: true)
            for (name, age) in sourceAges { try write(sources + "/" + name, age: age) }
            if let binaryAge { try write(binary, age: binaryAge) }
        }

        func write(_ path: String, age: TimeInterval) throws {
            try "x".write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.modificationDate: Date() - age], ofItemAtPath: path)
        }

        var problem: String? { StarsinkBinary.problem(binary: binary, sources: sources) }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func aBinaryNewerThanEverySourcePasses() throws {
        let tree = try Tree(binaryAge: 10, sourceAges: ["Daemon/A.swift": 60, "B.swift": 20])
        defer { tree.remove() }
        #expect(tree.problem == nil)
    }

    @Test func aSourceEditedAfterTheBuildIsNamed() throws {
        let tree = try Tree(binaryAge: 30, sourceAges: ["Daemon/A.swift": 5, "B.swift": 60])
        defer { tree.remove() }
        let problem = try #require(tree.problem)
        #expect(problem.contains("is older than \(tree.sources)/Daemon/A.swift"), "\(problem)")
        #expect(problem.contains("swift build") && problem.contains("STARSINK_BINARY"), "\(problem)")
    }

    /// `touch` or `git stash pop` leaves the code as it was: the compiler runs again (its `.d` file is new) but
    /// rewrites no object, and the linker leaves the binary alone. That binary is current.
    @Test func aSourceCompiledAgainSinceItChangedPasses() throws {
        let tree = try Tree(binaryAge: 30, sourceAges: ["Daemon/A.swift": 20, "B.swift": 60])
        defer { tree.remove() }
        try FileManager.default.createDirectory(atPath: tree.root + "/Daemon.build", withIntermediateDirectories: true)
        try tree.write(tree.root + "/Daemon.build/A.d", age: 0)
        #expect(tree.problem == nil)
        try tree.write(tree.root + "/Daemon.build/A.d", age: 25)
        #expect(tree.problem != nil, "compiled before the change")
    }

    @Test func aMissingBinaryIsNamed() throws {
        let tree = try Tree(binaryAge: nil, sourceAges: ["B.swift": 5])
        defer { tree.remove() }
        #expect(tree.problem?.contains("\(tree.binary) does not exist") == true)
    }

    /// The binary these tests themselves run passed the check (or was named explicitly).
    @Test func theBinaryUnderTestIsCurrent() throws {
        #expect(throws: Never.self) { try StarsinkBinary.checkedPath() }
    }
}
