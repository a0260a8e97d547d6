import Foundation
import ODBC
import Testing
@testable import Daemon

/// The daemon adds the psqlODBC options it depends on to the plain connection string a user writes,
/// without overriding what the string sets and without touching the password.
@Suite struct PostgresConnectionOptionsTests {
    static let plain = "Driver={PostgreSQL Unicode};Server=db;Port=5432;Database=shop;UID=starsink"
    static let all = "Protocol=7.4-1;UseServerSidePrepare=1;CommLog=0;Debug=0"

    @Test func nothingSetGetsEveryOption() {
        #expect(PostgresConnectionOptions.applying(to: Self.plain) == Self.plain + ";" + Self.all)
        // A trailing `;` stays a single trailing `;`; an empty string gets the options alone.
        #expect(PostgresConnectionOptions.applying(to: Self.plain + ";") == Self.plain + ";" + Self.all + ";")
        #expect(PostgresConnectionOptions.applying(to: "") == Self.all)
    }

    @Test func aKeySetInAnotherCaseIsLeftAlone() {
        #expect(
            PostgresConnectionOptions.applying(to: Self.plain + ";commlog=1")
                == Self.plain + ";commlog=1;Protocol=7.4-1;UseServerSidePrepare=1;Debug=0")
        // psqlODBC's abbreviation is the same setting (B2 = Debug), and CX packs all four.
        #expect(
            PostgresConnectionOptions.applying(to: Self.plain + "; b2 =1")
                == Self.plain + "; b2 =1;Protocol=7.4-1;UseServerSidePrepare=1;CommLog=0")
        #expect(PostgresConnectionOptions.applying(to: Self.plain + ";CX=1c305008b") == Self.plain + ";CX=1c305008b")
    }

    @Test func aBracedValueWithSemicolonsAndEqualsSetsNothing() {
        let connection = "Driver={PostgreSQL Unicode};ConnSettings={SET a=1;Protocol=7.4-2;Debug=1};UID=u"
        let result = PostgresConnectionOptions.applying(to: connection)
        #expect(result == connection + ";" + Self.all)
        let attributes = ConnectionString.attributes(of: result)
        #expect(
            attributes.map(\.key) == [
                "Driver", "ConnSettings", "UID", "Protocol", "UseServerSidePrepare", "CommLog", "Debug",
            ])
        #expect(attributes[1].value == "SET a=1;Protocol=7.4-2;Debug=1")
        // Appending to an unclosed brace would change that value: the string is left as written.
        #expect(PostgresConnectionOptions.applying(to: "Driver=X;PWD={abc") == "Driver=X;PWD={abc")
    }

    @Test func anExplicitUseServerSidePrepareOffIsKept() {
        let result = PostgresConnectionOptions.applying(to: Self.plain + ";UseServerSidePrepare=0")
        #expect(result == Self.plain + ";UseServerSidePrepare=0;Protocol=7.4-1;CommLog=0;Debug=0")
        #expect(
            ConnectionString.attributes(of: result).filter { $0.key.lowercased() == "useserversideprepare" }.map(
                \.value) == ["0"])
    }

    @Test func onlyPostgresConnectionsGetTheOptions() throws {
        let sqlite = Configuration.Warehouse(dialect: .sqlite, connection: "Driver=SQLite3;Database=/tmp/x.db")
        #expect(try WarehouseSession.connectionString(sqlite) == "Driver=SQLite3;Database=/tmp/x.db")
        let postgres = Configuration.Warehouse(dialect: .postgresql, connection: Self.plain)
        #expect(try WarehouseSession.connectionString(postgres) == Self.plain + ";" + Self.all)
    }

    /// The options go between the user's string and the password, so `PWD=` stays last, and a password
    /// that looks like options neither counts as setting them nor appears anywhere else.
    @Test func thePasswordFileStillComesLastAndIsNeverInTheOptions() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "starsink-pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pw").path
        let password = "x;UseServerSidePrepare=0;Debug=1}"
        try (password + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        var warehouse = Configuration.Warehouse(dialect: .postgresql, connection: Self.plain + ";")
        warehouse.passwordFile = file

        let result = try WarehouseSession.connectionString(warehouse)
        #expect(result == Self.plain + ";" + Self.all + ";PWD={x;UseServerSidePrepare=0;Debug=1}}}")
        let attributes = ConnectionString.attributes(of: result)
        #expect(attributes.last?.key == "PWD")
        #expect(attributes.last?.value == password)
        let options = try #require(result.range(of: ";PWD=")).lowerBound
        #expect(!result[..<options].contains("UseServerSidePrepare=0") && !result[..<options].contains("x;"))
        #expect(!maskingSecrets(result).contains(password))
    }
}
