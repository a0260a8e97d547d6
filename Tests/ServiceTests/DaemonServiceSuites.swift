import Testing

/// The suites that run `starsink run` with short watchdog intervals, one test at a time: side by side on
/// two cores they would measure the scheduler rather than the daemon, and the systemd container test
/// must have the machine's loopback services to itself for its timings.
@Suite(.serialized) enum DaemonServiceSuites {}
