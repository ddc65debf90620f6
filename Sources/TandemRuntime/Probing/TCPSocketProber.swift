import TandemLifecycle

/// The tcpSocket probe (`pkg/probe/tcp`): success when a TCP connection opens within the
/// timeout; the dial error text is the failure output.
public enum TCPSocketProber {
    public static func probe(host: String, port: Int, timeout: Duration) async -> ProbeOutcome {
        await BlockingProbeWork.run(timeout: timeout) { deadline in
            probe(host: host, port: port, deadline: deadline)
        }
    }

    static func probe(host: String, port: Int, deadline: ProbeDeadline) -> ProbeOutcome {
        do {
            // Opened, then closed when the connection goes out of scope.
            _ = try ProbeConnection.connect(host: host, port: port, deadline: deadline)
            return .success
        } catch {
            return .failure(output: error.message)
        }
    }
}
