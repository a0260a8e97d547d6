import Foundation
import Testing
import TestSupport

/// `make install` and `make uninstall` into a DESTDIR, with the debug binary the tests already built
/// (`BUILD=debug`, so nothing is compiled here).
@Suite(.serialized) struct InstallTests {
    func make(_ arguments: [String]) throws -> Command.Output {
        try Command.run(["/usr/bin/make", "--no-print-directory", "-C", repositoryRoot, "BUILD=debug"] + arguments)
    }

    func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
    }

    @Test(.timeLimit(.minutes(2)))
    func installKeepsAnEditedConfigurationAndUninstallRemovesTheRest() throws {
        let destination = try ScratchDirectory(prefix: "starsink-install-")
        let root = destination.path
        let installed = try make(["install", "DESTDIR=\(root)"])
        try #require(installed.status == 0, "make install: \(installed.stderr)")

        let binary = root + "/usr/bin/starsink"
        #expect(FileManager.default.isExecutableFile(atPath: binary) && mode(binary) == 0o755)
        #expect(
            contents(binary) == contents(URL(fileURLWithPath: ChildProcess.starsinkPath).resolvingSymlinksInPath().path)
        )
        let unit = root + "/lib/systemd/system/starsink.service"
        #expect(contents(unit) == contents(repositoryRoot + "/deploy/starsink.service") && mode(unit) == 0o644)
        for dialect in ["sqlite", "postgresql", "snowflake"] {
            let sql = root + "/usr/share/starsink/sql/\(dialect)/schema.sql"
            #expect(
                contents(sql) != nil && contents(sql) == contents(repositoryRoot + "/sql/\(dialect)/schema.sql"),
                "\(sql)")
        }
        let example = contents(repositoryRoot + "/config/starsink.yaml")
        #expect(contents(root + "/usr/share/starsink/starsink.yaml.example") == example)
        let config = root + "/etc/starsink/starsink.yaml"
        #expect(contents(config) == example && mode(config) == 0o644)
        // The unit's LoadCredential= directory: created empty and private, never touched again.
        let credentials = root + "/etc/starsink/credentials"
        #expect(mode(credentials) == 0o700 && (try? FileManager.default.contentsOfDirectory(atPath: credentials)) == [])
        try "pw\n".write(toFile: credentials + "/warehouse-password", atomically: true, encoding: .utf8)
        chmod(credentials, 0o750)

        let edited = "# edited by the operator\n" + String(decoding: example ?? Data(), as: UTF8.self)
        try edited.write(toFile: config, atomically: true, encoding: .utf8)
        let again = try make(["install", "DESTDIR=\(root)"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(contents(config) == Data(edited.utf8), "make install overwrote an edited configuration")
        #expect(
            contents(credentials + "/warehouse-password") == Data("pw\n".utf8) && mode(credentials) == 0o750,
            "make install changed the credentials directory")

        let removed = try make(["uninstall", "DESTDIR=\(root)"])
        #expect(removed.status == 0, "\(removed.stderr)")
        let remaining = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter {
            relative in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
        #expect(
            remaining.sorted() == ["etc/starsink/credentials/warehouse-password", "etc/starsink/starsink.yaml"],
            "left behind: \(remaining)")
        #expect(contents(config) == Data(edited.utf8))
    }

    /// The unit names the binary where PREFIX put it.
    @Test(.timeLimit(.minutes(2)))
    func installUnderAnotherPrefixPointsTheUnitAtIt() throws {
        let destination = try ScratchDirectory(prefix: "starsink-install-")
        let installed = try make(["install", "DESTDIR=\(destination.path)", "PREFIX=/usr/local"])
        try #require(installed.status == 0, "make install: \(installed.stderr)")
        #expect(FileManager.default.isExecutableFile(atPath: destination.path + "/usr/local/bin/starsink"))
        let unit = try String(
            contentsOfFile: destination.path + "/lib/systemd/system/starsink.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/starsink run --config /etc/starsink/starsink.yaml"))
        #expect(!unit.contains("/usr/bin/starsink"))
    }
}
