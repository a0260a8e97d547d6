import Foundation

/// What the configuration's two `${…}` references resolve to: the directory where systemd put the unit's
/// credentials, and the host name. Taken from the process by default; tests pass their own.
package struct ConfigurationContext: Sendable {
    /// `$CREDENTIALS_DIRECTORY`: set by systemd for a unit with `LoadCredential=` (for starsink.service,
    /// /run/credentials/starsink.service); nil outside such a unit.
    package var credentialsDirectory: String?
    /// The host name (`gethostname(2)`, what systemd's `%H` specifier gives).
    package var hostName: String

    package init(credentialsDirectory: String?, hostName: String) {
        self.credentialsDirectory = credentialsDirectory
        self.hostName = hostName
    }

    package static var current: ConfigurationContext {
        let directory = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"].flatMap { $0.isEmpty ? nil : $0 }
        return ConfigurationContext(credentialsDirectory: directory, hostName: ProcessInfo.processInfo.hostName)
    }

    static let credentialsVariable = "${CREDENTIALS_DIRECTORY}"
    static let hostNameVariable = "${HOSTNAME}"

    /// A file path as written in the configuration, with a leading `${CREDENTIALS_DIRECTORY}` expanded.
    /// Any other `$` is refused, so a `${HOME}` or `$CREDENTIALS_DIRECTORY` typo cannot pass as a literal path.
    func filePath(_ written: String) -> Result<String, PathProblem> {
        var rest = Substring(written)
        var prefix = ""
        if rest.hasPrefix(Self.credentialsVariable) {
            guard let credentialsDirectory else { return .failure(.credentialsDirectoryUnset) }
            prefix = credentialsDirectory
            rest = rest.dropFirst(Self.credentialsVariable.count)
            guard rest.hasPrefix("/") else { return .failure(.notAbsolute) }
        }
        guard !rest.contains("$") else { return .failure(.unknownVariable) }
        let path = prefix + rest
        return path.hasPrefix("/") ? .success(path) : .failure(.notAbsolute)
    }

    /// `kafka.instance_id` with `${HOSTNAME}` replaced by the host name.
    func instanceID(_ written: String) -> String {
        written.replacingOccurrences(of: Self.hostNameVariable, with: hostName)
    }

    enum PathProblem: Error {
        case credentialsDirectoryUnset
        case notAbsolute
        case unknownVariable

        var message: String {
            switch self {
            case .credentialsDirectoryUnset:
                "uses ${CREDENTIALS_DIRECTORY}, which is not set: systemd sets it for the unit (LoadCredential=); "
                    + "elsewhere write the path itself, e.g. /run/credentials/starsink.service/starsink_NAME"
            case .notAbsolute: "must be an absolute path (or start with ${CREDENTIALS_DIRECTORY}/)"
            case .unknownVariable: "only a leading ${CREDENTIALS_DIRECTORY} is expanded in a path"
            }
        }
    }
}
