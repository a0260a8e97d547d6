import PrometheusScrape

/// A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it; we release it).
///
/// Another process may take it before the caller binds it; callers that start servers retry.
package func freeTCPPort() throws -> Int {
    try LoopbackSocket.freePort()
}
