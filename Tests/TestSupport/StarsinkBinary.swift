import Foundation

/// The `starsink` executable the tests run, and whether it is as new as the sources it was built from.
///
/// `swift test --skip-build` (or a build of one target) can leave `.build/debug/starsink` older than the code
/// under test, and a test would then pass or fail on yesterday's daemon. Launching it through ``ChildProcess``
/// or ``Command`` first checks, once per test process, that no Swift file under `Sources/` changed after the
/// binary was built, and fails with what to do instead of running a stale one. (The three C shims are not
/// checked: nothing shows whether a build has seen them since.)
package enum StarsinkBinary {
    /// The package root: three levels above this file (`Tests/TestSupport/StarsinkBinary.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$STARSINK_BINARY` when set (an explicit choice, not checked), else `.build/debug/starsink`.
    package static var path: String {
        if let path = ProcessInfo.processInfo.environment["STARSINK_BINARY"] { return path }
        return packageRoot.appendingPathComponent(".build/debug/starsink").path
    }

    /// The path, once the binary is known to be built from the current sources; throws a ``TestFailure``
    /// naming the newest source otherwise.
    package static func checkedPath() throws -> String {
        if let problem = staleness { throw TestFailure(problem) }
        return path
    }

    /// Throws when `executable` is the default binary and it is missing or stale; other programs pass.
    static func check(_ executable: String) throws {
        if executable == path { _ = try checkedPath() }
    }

    /// Computed on first use: walking `Sources/` (a few hundred files) once per process is cheap.
    private static let staleness: String? = {
        if ProcessInfo.processInfo.environment["STARSINK_BINARY"] != nil { return nil }
        return problem(binary: path, sources: packageRoot.appendingPathComponent("Sources").path)
    }()

    /// Why `binary` must not be run for the Swift sources under `sources`, or nil when it is current.
    ///
    /// A source newer than the binary still counts as built into it when the compiler ran on it since:
    /// its dependency file (`<target>.build/<name>.d` beside the binary) is at least as new. The compiler
    /// leaves an object file untouched when the code did not change (a `touch`, a `git stash pop`), and the
    /// linker then leaves the binary as it was, so its own time alone would call it stale for ever.
    package static func problem(binary: String, sources: String) -> String? {
        guard let built = modificationDate(binary) else {
            return "\(binary) does not exist: build it first (`swift build --build-tests`, or `make test`)"
        }
        let products = URL(fileURLWithPath: binary).deletingLastPathComponent()
        let newer = swiftFiles(under: sources).filter { source in
            guard source.modified > built else { return false }
            let compiled = modificationDate(
                products.appendingPathComponent(
                    "\(source.target).build/\(source.url.deletingPathExtension().lastPathComponent).d"
                ).path)
            return compiled.map { $0 < source.modified } ?? true
        }
        guard let newest = newer.max(by: { $0.modified < $1.modified }) else { return nil }
        let stamp = ISO8601DateFormatter()
        return "\(binary) (built \(stamp.string(from: built))) is older than \(newest.url.path) "
            + "(modified \(stamp.string(from: newest.modified))), and \(newer.count) source(s) changed since: "
            + "the tests would run a stale daemon. Build it first (`swift build --build-tests`, or `make test`), "
            + "or set STARSINK_BINARY to the binary to run."
    }

    private static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// Every `.swift` file under `directory`, with the target it belongs to (its first path component there).
    static func swiftFiles(under directory: String) -> [(url: URL, target: String, modified: Date)] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let keys: [URLResourceKey] = [.contentModificationDateKey, .isRegularFileKey]
        guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else { return [] }
        var result: [(url: URL, target: String, modified: Date)] = []
        for case let url as URL in walk where url.pathExtension == "swift" {
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true,
                let modified = values.contentModificationDate
            else { continue }
            let relative = url.standardizedFileURL.pathComponents.dropFirst(root.pathComponents.count)
            guard let target = relative.first else { continue }
            result.append((url, target, modified))
        }
        return result
    }
}
