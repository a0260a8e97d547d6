import CRdKafka

/// Builds the `rd_kafka_conf_t` for a client: properties, the opaque context and the callbacks every client
/// installs (log and error routing).
enum RDKafkaConfiguration {
    /// Returns a configuration owned by the caller (it passes to `rd_kafka_new`, or to `rd_kafka_conf_destroy`).
    /// Every bad property is reported at once.
    static func make(
        properties: [String: String],
        opaque: UnsafeMutableRawPointer
    ) throws(KafkaError) -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        var problems: [String] = []
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            var errstr = [CChar](repeating: 0, count: 512)
            let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
            if result != RD_KAFKA_CONF_OK {
                problems.append(describe(key: key, result: result, errstr: errstr))
            }
        }
        guard problems.isEmpty else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, message: problems.joined(separator: "; "))
        }
        rd_kafka_conf_set_opaque(conf, opaque)
        rd_kafka_conf_set_log_cb(conf) { client, level, facility, line in
            guard let context = RDKafkaClientContext.of(client) else { return }
            context.log(
                level: level,
                facility: facility.map { String(cString: $0) } ?? "",
                message: line.map { String(cString: $0) } ?? ""
            )
        }
        rd_kafka_conf_set_error_cb(conf) { client, err, reason, _ in
            guard let client, let context = RDKafkaClientContext.of(client) else { return }
            let code = rd_kafka_resp_err_t(rawValue: err)
            let error =
                code == RD_KAFKA_RESP_ERR__FATAL
                ? KafkaError.fatal(client: client)
                : KafkaError(code, message: reason.map { String(cString: $0) })
            context.clientError(error)
        }
        return conf
    }

    /// Names the key and why it was refused, but never echoes the value of anything that may be a secret.
    private static func describe(key: String, result: rd_kafka_conf_res_t, errstr: [CChar]) -> String {
        if result == RD_KAFKA_CONF_UNKNOWN { return "\(key): unknown librdkafka property" }
        let lowered = key.lowercased()
        if lowered.contains("password") || lowered.contains("secret") || lowered.contains("key") {
            return "\(key): invalid value"
        }
        let reason = errstr.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return "\(key): \(reason)"
    }

    /// Creates the client; on failure the configuration is destroyed here.
    static func makeClient(
        type: rd_kafka_type_t,
        conf: OpaquePointer
    ) throws(KafkaError) -> OpaquePointer {
        var errstr = [CChar](repeating: 0, count: 512)
        // rd_kafka_new owns `conf` only when it succeeds.
        guard let client = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            let reason = errstr.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, message: "cannot create Kafka client: \(reason)")
        }
        return client
    }
}
