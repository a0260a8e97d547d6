import Foundation
import Yams

/// Reads and validates a configuration file, collecting every problem before failing.
package enum ConfigurationLoader {
    package static let defaultPath = "/etc/starsink/starsink.yaml"

    /// `context` resolves `${CREDENTIALS_DIRECTORY}` in file paths and `${HOSTNAME}` in `kafka.instance_id`;
    /// the secret files named under `kafka.secret_files` are read here.
    package static func load(path: String, context: ConfigurationContext = .current) throws(ConfigurationError)
        -> Configuration
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(problems: [
                .init(file: path, line: nil, key: "", message: "cannot read the file (\(readableReason(error)))")
            ])
        }
        return try parse(yaml: text, file: path, context: context)
    }

    package static func parse(yaml: String, file: String, context: ConfigurationContext = .current)
        throws(ConfigurationError) -> Configuration
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationError(problems: [
                .init(file: file, line: nil, key: "", message: "not valid YAML: \(error)")
            ])
        }
        var reader = NodeReader(file: file, context: context)
        guard let root, let mapping = reader.mapping(root, key: "") else {
            reader.problem("", nil, "the file must be a mapping with kafka, warehouse, pipeline and log sections")
            throw ConfigurationError(problems: reader.problems)
        }
        let configuration = reader.configuration(mapping)
        if let configuration, reader.problems.isEmpty { return configuration }
        throw ConfigurationError(problems: reader.problems)
    }

    private static func readableReason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
