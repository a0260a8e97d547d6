import ODBC
import StarSchema

extension SQLValue {
    /// The same value as the ODBC module binds it (StarSchema knows nothing of ODBC).
    var odbc: ODBCValue {
        switch self {
        case .null: .null
        case .text(let text): .text(text)
        case .integer(let number): .integer(number)
        }
    }
}
