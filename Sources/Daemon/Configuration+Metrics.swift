extension Configuration {
    /// `metrics:`: where the daemon serves `/metrics` (Prometheus text), `/health` and `/ready`.
    package struct Metrics: Sendable, Equatable {
        /// nil (`listen: ~`) serves nothing.
        package var listen: ListenAddress? = .defaultMetrics

        package init(listen: ListenAddress? = .defaultMetrics) { self.listen = listen }
    }
}
