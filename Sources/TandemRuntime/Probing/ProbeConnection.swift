import Glibc
import TandemOS

/// A failed network step, worded like Go's `net` errors because the kubelet shows those
/// verbatim in probe output (`dial tcp 127.0.0.1:8080: connect: connection refused`).
struct NetworkError: Error, Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case timeout
        case cancelled
        case refused
        /// The check cannot run here at all (HTTPS without libssl): a probe error, not a failure.
        case unsupported
        case other
    }

    var kind: Kind
    var message: String
}

/// A byte stream a probe talks over: a plain TCP connection or a TLS session on top of one.
protocol ProbeStream: AnyObject {
    func writeAll(_ bytes: [UInt8], deadline: ProbeDeadline) throws(NetworkError)
    /// Up to `maximum` bytes; an empty result means the peer closed the stream.
    func read(maximum: Int, deadline: ProbeDeadline) throws(NetworkError) -> [UInt8]
}

/// A non-blocking TCP connection whose every step waits with `poll()` bounded by a deadline;
/// the system calls are TandemOS's `TCPSocket`, the deadlines and Go's wording are here.
final class ProbeConnection: ProbeStream {
    let socket: TCPSocket
    /// `host:port` as Go's `net.JoinHostPort` writes it (IPv6 in brackets).
    let remoteAddress: String

    var descriptor: Int32 { socket.descriptor }

    private init(socket: TCPSocket, remoteAddress: String) {
        self.socket = socket
        self.remoteAddress = remoteAddress
    }

    static func joinHostPort(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Connects to the first address of `host` that accepts, like Go's dialer.
    static func connect(host: String, port: Int, deadline: ProbeDeadline) throws(NetworkError) -> ProbeConnection {
        let address = joinHostPort(host, port)
        guard let candidates = TCPSocket.resolve(host: host, port: port) else {
            throw NetworkError(kind: .other, message: "dial tcp: lookup \(host): no such host")
        }
        var lastError = NetworkError(kind: .other, message: "dial tcp \(address): no address")
        for candidate in candidates {
            do {
                return try connect(to: candidate, address: address, deadline: deadline)
            } catch {
                lastError = error
                if error.kind == .timeout || error.kind == .cancelled { throw error }
            }
        }
        throw lastError
    }

    private static func connect(to socketAddress: [UInt8], address: String, deadline: ProbeDeadline) throws(NetworkError) -> ProbeConnection {
        let started: (socket: TCPSocket, inProgress: Bool)
        do {
            started = try TCPSocket.connect(to: socketAddress)
        } catch {
            throw error.operation == "socket"
                ? NetworkError(kind: .other, message: "dial tcp \(address): socket: \(errnoText(error.errno))")
                : dialError(error.errno, address: address)
        }
        let connection = ProbeConnection(socket: started.socket, remoteAddress: address)
        guard started.inProgress else { return connection }
        try connection.wait(for: Int16(POLLOUT), deadline: deadline, timeoutMessage: "dial tcp \(address): i/o timeout")
        let socketError = started.socket.pendingError()
        if socketError != 0 {
            throw dialError(socketError, address: address)
        }
        return connection
    }

    private static func dialError(_ code: Int32, address: String) -> NetworkError {
        NetworkError(kind: code == ECONNREFUSED ? .refused : .other,
                     message: "dial tcp \(address): connect: \(errnoText(code))")
    }

    /// Go's lowercase spelling of an errno (`connection refused`).
    static func errnoText(_ code: Int32) -> String {
        let message = OSError("", errno: code).reason
        guard let first = message.first else { return message }
        return first.lowercased() + message.dropFirst()
    }

    /// Waits until the socket is ready for `events`, the deadline passes or the work is cancelled.
    func wait(for events: Int16, deadline: ProbeDeadline, timeoutMessage: String) throws(NetworkError) {
        while true {
            if deadline.cancellation.isCancelled {
                throw NetworkError(kind: .cancelled, message: "context canceled")
            }
            if deadline.isOver {
                throw NetworkError(kind: .timeout, message: timeoutMessage)
            }
            do {
                if try socket.wait(for: events, milliseconds: deadline.pollMilliseconds) { return }
            } catch {
                throw NetworkError(kind: .other, message: "poll: \(Self.errnoText(error.errno))")
            }
        }
    }

    func writeAll(_ bytes: [UInt8], deadline: ProbeDeadline) throws(NetworkError) {
        var offset = 0
        while offset < bytes.count {
            let sent: Int
            do {
                sent = try socket.send(bytes[offset...])
            } catch {
                throw NetworkError(kind: .other, message: "write tcp \(remoteAddress): write: \(Self.errnoText(error.errno))")
            }
            if sent > 0 {
                offset += sent
                continue
            }
            try wait(for: Int16(POLLOUT), deadline: deadline, timeoutMessage: "write tcp \(remoteAddress): i/o timeout")
        }
    }

    func read(maximum: Int, deadline: ProbeDeadline) throws(NetworkError) -> [UInt8] {
        while true {
            let received: [UInt8]?
            do {
                received = try socket.receive(maximum: maximum)
            } catch {
                throw NetworkError(kind: .other, message: "read tcp \(remoteAddress): read: \(Self.errnoText(error.errno))")
            }
            if let received { return received }
            try wait(for: Int16(POLLIN), deadline: deadline, timeoutMessage: "read tcp \(remoteAddress): i/o timeout")
        }
    }
}
