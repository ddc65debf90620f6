import Glibc
import TandemLifecycle

/// The grpc probe (`pkg/probe/grpc`): `grpc.health.v1.Health/Check` over cleartext HTTP/2
/// (prior knowledge), with the kubelet's output texts. Every outcome other than SERVING is a
/// failure, as with `grpc_health_probe`; the whole call, connection included, is bounded by the timeout.
public enum GRPCHealthProber {
    public static func probe(host: String = "127.0.0.1", port: Int, service: String, timeout: Duration) async -> ProbeOutcome {
        await BlockingProbeWork.run(timeout: timeout) { deadline in
            probe(host: host, port: port, service: service, timeout: timeout, deadline: deadline)
        }
    }

    static func probe(host: String, port: Int, service: String, timeout: Duration, deadline: ProbeDeadline) -> ProbeOutcome {
        let address = ProbeConnection.joinHostPort(host, port)
        let within = goDuration(timeout)
        // grpc.WithBlock: keep dialling until the transport is ready or the deadline passes.
        var call: GRPCHealthCall?
        while call == nil {
            if let ready = GRPCHealthCall.establish(host: host, port: port, deadline: deadline) {
                call = ready
            } else if deadline.isOver {
                return .failure(output: "timeout: failed to connect service \"\(address)\" within \(within): context deadline exceeded")
            } else {
                waitBeforeRedial(deadline)
            }
        }
        guard let call else { return .error(message: "unreachable") }
        switch call.check(service: service, authority: address, deadline: deadline) {
        case .serving:
            return .success
        case .status(let name):
            return .failure(output: "service unhealthy (responded with \"\(name)\")")
        case .rpcError(let code, let message):
            switch code {
            case GRPCStatusCode.unimplemented:
                return .failure(output: "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): \(message)")
            case GRPCStatusCode.deadlineExceeded:
                return .failure(output: "timeout: health rpc did not complete within \(within)")
            default:
                return .failure(output: "error: health rpc probe failed: rpc error: code = \(GRPCStatusCode.name(code)) desc = \(message)")
            }
        }
    }

    /// grpc-go backs off about one second between dial attempts.
    private static func waitBeforeRedial(_ deadline: ProbeDeadline) {
        let until = ContinuousClock.now.advanced(by: .seconds(1))
        while ContinuousClock.now < until && !deadline.isOver {
            usleep(UInt32(max(1, deadline.pollMilliseconds)) * 1000)
        }
    }

    /// Go's `time.Duration` formatting for the whole and fractional seconds a timeout has (`1s`, `1m30s`).
    static func goDuration(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if seconds == 0 { return milliseconds == 0 ? "0s" : "\(milliseconds)ms" }
        var text = ""
        let hours = seconds / 3600
        let minutes = seconds % 3600 / 60
        let rest = seconds % 60
        if hours > 0 { text += "\(hours)h" }
        if hours > 0 || minutes > 0 { text += "\(minutes)m" }
        if milliseconds > 0 {
            var fraction = String(milliseconds)
            while fraction.count < 3 { fraction = "0" + fraction }
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "\(rest).\(fraction)s"
        } else {
            text += "\(rest)s"
        }
        return text
    }
}

/// gRPC status codes and their Go names, as printed in `rpc error: code = … desc = …`.
enum GRPCStatusCode {
    static let deadlineExceeded = 4
    static let unimplemented = 12
    static let `internal` = 13
    static let unavailable = 14

    static let names = [
        "OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists",
        "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
        "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated",
    ]

    static func name(_ code: Int) -> String {
        code >= 0 && code < names.count ? names[code] : "Code(\(code))"
    }

    /// grpc-go's mapping of a non-200 HTTP status to a gRPC code.
    static func fromHTTPStatus(_ status: Int) -> Int {
        switch status {
        case 400: return 13
        case 401: return 16
        case 403: return 7
        case 404: return 12
        case 429, 502, 503, 504: return 14
        default: return 2
        }
    }
}
