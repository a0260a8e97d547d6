import Foundation
import Testing
import TestSupport

/// Secrets at the command line: `check-config` and `run` refuse a secret written into the configuration
/// and name an unreadable secret file, with exit code 2 and never the secret itself.
@Suite struct SecretsCommandLineTests {
    func write(_ kafkaLines: String, in directory: String) throws -> String {
        let path = directory + "/starsink.yaml"
        try """
        kafka:
          brokers: "127.0.0.1:1"
        \(kafkaLines)
        warehouse: {dialect: sqlite, connection: "Driver=SQLite3;Database=\(directory)/w.db"}

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func checkConfigRefusesInlineSecretsAndNamesUnreadableSecretFiles() async throws {
        try await offThePoolInTest {
            let directory = try makeTemporaryDirectory(prefix: "starsink-secrets-cli")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = try write(
                """
                  properties: {sasl.username: loader, sasl.password: hunter2-inline}
                  secret_files: {ssl.key.password: \(directory)/missing-key-password}
                """, in: directory)
            for command in [["check-config", path], ["run", "--config", path]] {
                let result = try ChildProcess.run(command)
                #expect(result.status == 2, "\(command[0]): \(result.stderr)")
                let said = result.stdout + result.stderr
                #expect(
                    said.contains("kafka.properties.sasl.password")
                        && said.contains("kafka.secret_files.sasl.password"), "\(said)")
                #expect(
                    said.contains("kafka.secret_files.ssl.key.password")
                        && said.contains("cannot read \(directory)/missing-key-password"), "\(said)")
                #expect(!said.contains("hunter2-inline"))
            }
        }
    }

    @Test func checkConfigReadsSecretFilesWithoutPrintingThem() async throws {
        try await offThePoolInTest {
            let directory = try makeTemporaryDirectory(prefix: "starsink-secrets-cli")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try "file-s3cret\n".write(toFile: directory + "/kafka-password", atomically: true, encoding: .utf8)
            let path = try write("  secret_files: {sasl.password: \(directory)/kafka-password}", in: directory)
            let result = try ChildProcess.run(["check-config", path])
            #expect(result.status == 0 && result.stdout.contains("OK"), "\(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains("file-s3cret"))

            // Outside the unit, ${CREDENTIALS_DIRECTORY} is unset: named, with what to write instead.
            let unset = try write(
                "  secret_files: {sasl.password: \"${CREDENTIALS_DIRECTORY}/starsink_kafka-password\"}", in: directory)
            let refused = try ChildProcess.run(["check-config", unset])
            #expect(
                refused.status == 2 && refused.stderr.contains("kafka.secret_files.sasl.password")
                    && refused.stderr.contains("not set"),
                "\(refused.stderr)")
        }
    }
}
