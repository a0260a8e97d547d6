import ODBC

/// The psqlODBC settings starsink's PostgreSQL path is written and measured for, added to the
/// connection string a user writes unless that string sets them itself.
///
/// - `Protocol=7.4-1`: psqlODBC's default (7.4-2) wraps every statement in SAVEPOINT/RELEASE, a
///   round trip each when a batch runs several statements in one transaction; a failed batch rolls
///   back whole, which is what the daemon does anyway.
/// - `UseServerSidePrepare=1`: the column-array statements go to the server as one prepared
///   statement with one parameter per column, not as text with the values spliced in.
/// - `CommLog=0`, `Debug=0`: Debian's `odbcinst.ini` turns `CommLog` on, leaving a
///   `/tmp/psqlodbc_*.log` per connection; `Debug=1` made the driver about 3× slower and writes huge
///   logs (measured with psqlODBC 13.02 against PostgreSQL 15 on Debian 12).
///
/// A DSN's own settings for these keys are overridden too: only the string can keep them.
package enum PostgresConnectionOptions {
    /// The settings in the order they are appended, each with psqlODBC's abbreviation of its key
    /// (`dlg_specific.h`), which the driver accepts as the same setting.
    package static let defaults: [(key: String, abbreviation: String, value: String)] = [
        ("Protocol", "A1", "7.4-1"),
        ("UseServerSidePrepare", "C8", "1"),
        ("CommLog", "B3", "0"),
        ("Debug", "B2", "0"),
    ]

    /// `connection` with `KEY=VALUE` appended for each default whose key it does not set, in any
    /// case. psqlODBC's `CX` packs all four into one bit mask, so a string with `CX` gets none.
    /// A string that ends inside an unclosed brace is returned as it is: anything appended would
    /// become part of that value (perhaps a password), and the driver rejects the string anyway.
    package static func applying(to connection: String) -> String {
        let attributes = ConnectionString.attributes(of: connection)
        let keys = Set(attributes.map { $0.key.lowercased() })
        guard !keys.contains("cx") else { return connection }
        let missing = defaults.filter {
            !keys.contains($0.key.lowercased()) && !keys.contains($0.abbreviation.lowercased())
        }
        guard !missing.isEmpty else { return connection }
        let added = missing.map { "\($0.key)=\($0.value)" }.joined(separator: ";")

        var base = Substring(connection)
        while base.last?.isWhitespace == true { base = base.dropLast() }
        let result: String
        if base.isEmpty {
            result = added
        } else if base.hasSuffix(";") {
            result = base + added + ";"
        } else {
            result = base + ";" + added
        }
        let appended = ConnectionString.attributes(of: result).suffix(missing.count)
        let appendedIntact =
            appended.count == missing.count
            && zip(appended, missing).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        return appendedIntact ? result : connection
    }
}
