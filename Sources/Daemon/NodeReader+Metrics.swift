import Yams

extension NodeReader {
    /// The `metrics:` section: `listen: "host:port"`, or `listen: ~` to serve nothing.
    mutating func metricsSection(_ root: [String: (node: Node, keyNode: Node)]) -> Configuration.Metrics {
        var metrics = Configuration.Metrics()
        guard let section = section(root, "metrics", known: ["listen"], required: false), let entry = section["listen"]
        else {
            return metrics
        }
        if case .scalar(let scalar) = entry.node, scalar.tag == .implicit, ["", "~", "null"].contains(scalar.string) {
            metrics.listen = nil
        } else if let text = string(section, "metrics.listen") {
            if let address = ListenAddress(text) {
                metrics.listen = address
            } else {
                problem(
                    "metrics.listen", entry.node,
                    "must be host:port (an IPv4 address, [IPv6 address] or localhost, and a port from 1 to 65535) or ~ to turn it off, not \(text.prefix(60))"
                )
            }
        }
        return metrics
    }
}
