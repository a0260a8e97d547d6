/// Masks passwords in an ODBC connection string so it can be logged or shown.
///
/// `PWD=…` and `Password=…` (any case, with or without `{…}` braces, `}}` escapes
/// included) become `PWD=***`; every other attribute is kept as written.
package func maskingSecrets(_ connectionString: String) -> String {
    ConnectionString.attributes(of: connectionString).map { attribute in
        attribute.isSecret ? "PWD=***" : attribute.text
    }.joined(separator: ";")
}

/// The attribute-level parse of a connection string that masking and the daemon's driver defaults need.
package enum ConnectionString {
    package struct Attribute {
        /// The attribute exactly as written (without the separating `;`).
        package var text: Substring
        package var key: String
        /// The value with braces removed and `}}` unescaped.
        package var value: String

        /// Snowflake's driver takes an encrypted private key's passphrase as `PRIV_KEY_FILE_PWD`.
        var isSecret: Bool { ["pwd", "password", "priv_key_file_pwd"].contains(key.lowercased()) }
    }

    /// The secret values, for scrubbing them from driver messages that might echo them.
    static func secrets(in connectionString: String) -> [String] {
        attributes(of: connectionString).filter(\.isSecret).map(\.value).filter { !$0.isEmpty }
    }

    /// Splits at `;` outside braces. Malformed input (an unclosed brace) keeps the rest as
    /// one attribute, which is then masked whole if its key is secret.
    package static func attributes(of connectionString: String) -> [Attribute] {
        var result: [Attribute] = []
        var index = connectionString.startIndex
        while index < connectionString.endIndex {
            let start = index
            var key = ""
            var value = ""
            var inKey = true
            var inBraces = false
            while index < connectionString.endIndex {
                let character = connectionString[index]
                let next = connectionString.index(after: index)
                if inBraces {
                    if character == "}" {
                        if next < connectionString.endIndex, connectionString[next] == "}" {
                            value.append("}")
                            index = connectionString.index(after: next)
                            continue
                        }
                        inBraces = false
                    } else {
                        value.append(character)
                    }
                } else if character == ";" {
                    break
                } else if inKey, character == "=" {
                    inKey = false
                } else if inKey {
                    key.append(character)
                } else if character == "{", value.allSatisfy(\.isWhitespace) {
                    inBraces = true
                    value = ""
                } else {
                    value.append(character)
                }
                index = next
            }
            let text = connectionString[start..<index]
            if index < connectionString.endIndex { index = connectionString.index(after: index) }
            if !text.isEmpty || index < connectionString.endIndex {
                result.append(Attribute(text: text, key: key.trimmingWhitespace(), value: value))
            }
        }
        return result
    }

    /// Replaces every occurrence of a secret in a driver message by `***`, then masks any
    /// connection-string fragment the message quotes.
    static func scrub(_ message: String, secrets: [String]) -> String {
        var scrubbed = message
        for secret in secrets where scrubbed.contains(secret) {
            scrubbed = scrubbed.replacing(secret, with: "***")
        }
        if scrubbed.lowercased().contains("pwd=") || scrubbed.lowercased().contains("password=") {
            scrubbed = maskingSecrets(scrubbed)
        }
        return scrubbed
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let trimmed = drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }
        return String(trimmed.reversed())
    }
}
