import Foundation

/// Reads secret files. The content never appears in an error; one trailing newline (what `echo` and
/// editors add) is dropped.
enum SecretFile {
    static func read(_ path: String) -> Result<String, SecretFileProblem> {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, R_OK) == 0 ? "unreadable" : String(cString: strerror(errno))
            return .failure(SecretFileProblem(message: "cannot read \(path) (\(reason))"))
        }
        guard var text = String(data: data, encoding: .utf8) else {
            return .failure(SecretFileProblem(message: "\(path) is not UTF-8 text"))
        }
        // "\r\n" is one Character in Swift, so this drops either ending whole.
        if text.last == "\n" || text.last == "\r\n" { text.removeLast() }
        guard !text.isEmpty else { return .failure(SecretFileProblem(message: "\(path) is empty")) }
        return .success(text)
    }

    struct SecretFileProblem: Error {
        var message: String
    }
}
