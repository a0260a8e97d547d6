import Testing

@testable import ODBC

/// Classification and masking, without any driver.
@Suite struct ODBCErrorTests {
    @Test(arguments: [
        ("08001", ODBCError.Category.connection), ("08S01", .connection), ("57P01", .connection),
        ("57P03", .connection), ("HYT01", .connection), ("01002", .connection),
        ("40001", .transient), ("40P01", .transient), ("55P03", .transient), ("HYT00", .transient),
        ("57014", .transient), ("53300", .transient), ("53100", .transient),
        ("22012", .record), ("22P02", .record), ("23505", .record), ("23503", .record),
        ("42601", .statement), ("42703", .statement), ("42S22", .statement), ("42000", .statement),
        ("42501", .statement),
        ("3F000", .statement), ("0A000", .statement), ("28P01", .other), ("HY000", .other), ("", .other),
    ])
    func classifiesSQLSTATE(sqlstate: String, expected: ODBCError.Category) {
        #expect(ODBCError.Category(sqlstate: sqlstate) == expected)
        let error = ODBCError(operation: "SQLExecDirect", sqlstate: sqlstate, message: "m")
        #expect(error.isRetriable == (expected == .connection || expected == .transient))
    }

    @Test func primaryRecordIsTheFirstClassifiedOne() {
        let error = ODBCError(
            operation: "SQLExecute",
            records: [
                .init(sqlstate: "01000", nativeCode: 0, message: "warning"),
                .init(sqlstate: "08S01", nativeCode: 7, message: "link failure"),
            ])
        #expect(error.sqlstate == "08S01")
        #expect(error.nativeCode == 7)
        #expect(error.category == .connection)
        #expect(error.message == "warning | link failure")
        #expect(error.description.contains("SQLExecute"))
    }

    @Test func sqliteResultCodesAreClassified() {
        func category(_ native: Int, _ message: String = "[SQLite]some error") -> ODBCError.Category {
            ODBCError(
                operation: "SQLExecute", records: [.init(sqlstate: "HY000", nativeCode: native, message: message)]
            )
            .category
        }
        #expect(category(19) == .record)
        #expect(category(2067) == .record)  // SQLITE_CONSTRAINT_UNIQUE
        #expect(category(5) == .transient)
        #expect(category(1, "[SQLite]no such column: x (1)") == .statement)
        #expect(category(19, "not from SQLite") == .other)
    }

    @Test(arguments: [
        ("Driver=X;UID=u;PWD=hunter2;Port=1", "Driver=X;UID=u;PWD=***;Port=1", "hunter2"),
        ("Driver=X;pwd={se;cr}}et};Port=1", "Driver=X;PWD=***;Port=1", "se;cr"),
        ("Driver=X; Password = {a b} ;x=1", "Driver=X;PWD=***;x=1", "a b"),
        ("PASSWORD=topsecret", "PWD=***", "topsecret"),
        ("Driver=SQLite3;Database=/tmp/x.db", "Driver=SQLite3;Database=/tmp/x.db", "never-there"),
    ])
    func masksPasswords(input: String, expected: String, secret: String) {
        let masked = maskingSecrets(input)
        #expect(masked == expected)
        #expect(!masked.contains(secret))
    }

    @Test func scrubsSecretsEchoedByADriver() {
        let secrets = ConnectionString.secrets(in: "UID=u;PWD={p;w}}d}")
        #expect(secrets == ["p;w}d"])
        let scrubbed = ConnectionString.scrub("login p;w}d failed for PWD=p;w}d", secrets: secrets)
        #expect(!scrubbed.contains("p;w}d"))
    }
}
