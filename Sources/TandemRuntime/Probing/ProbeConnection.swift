import Glibc

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

/// A non-blocking TCP connection whose every step waits with `poll()` bounded by a deadline.
final class ProbeConnection: ProbeStream {
    let descriptor: Int32
    /// `host:port` as Go's `net.JoinHostPort` writes it (IPv6 in brackets).
    let remoteAddress: String

    private init(descriptor: Int32, remoteAddress: String) {
        self.descriptor = descriptor
        self.remoteAddress = remoteAddress
    }

    deinit {
        close(descriptor)
    }

    static func joinHostPort(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Connects to the first address of `host` that accepts, like Go's dialer.
    static func connect(host: String, port: Int, deadline: ProbeDeadline) throws(NetworkError) -> ProbeConnection {
        let address = joinHostPort(host, port)
        let candidates = try resolve(host: host, port: port)
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

    private static func resolve(host: String, port: Int) throws(NetworkError) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw NetworkError(kind: .other, message: "dial tcp: lookup \(host): no such host")
        }
        defer { freeaddrinfo(list) }
        var addresses: [[UInt8]] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let socketAddress = entry.pointee.ai_addr {
                let raw = UnsafeRawBufferPointer(start: socketAddress, count: Int(entry.pointee.ai_addrlen))
                addresses.append(Array(raw))
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

    private static func connect(to socketAddress: [UInt8], address: String, deadline: ProbeDeadline) throws(NetworkError) -> ProbeConnection {
        let family = socketAddress.withUnsafeBytes { $0.load(as: sa_family_t.self) }
        let socketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = socket(Int32(family), socketType, 0)
        guard descriptor >= 0 else {
            throw NetworkError(kind: .other, message: "dial tcp \(address): socket: \(errnoText(errno))")
        }
        // The connection owns the descriptor from here on, so every early exit closes it.
        let connection = ProbeConnection(descriptor: descriptor, remoteAddress: address)
        let result = socketAddress.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return -1 }
            return Glibc.connect(descriptor, base.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if result == 0 { return connection }
        guard errno == EINPROGRESS else {
            throw dialError(errno, address: address)
        }
        try connection.wait(for: Int16(POLLOUT), deadline: deadline, timeoutMessage: "dial tcp \(address): i/o timeout")
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &socketError, &length)
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
        guard let text = strerror(code) else { return "errno \(code)" }
        let message = String(cString: text)
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
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, deadline.pollMilliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw NetworkError(kind: .other, message: "poll: \(Self.errnoText(errno))")
            }
        }
    }

    func writeAll(_ bytes: [UInt8], deadline: ProbeDeadline) throws(NetworkError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return send(descriptor, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
                continue
            }
            let code = errno
            if written < 0 && (code == EAGAIN || code == EWOULDBLOCK || code == EINTR) {
                try wait(for: Int16(POLLOUT), deadline: deadline, timeoutMessage: "write tcp \(remoteAddress): i/o timeout")
                continue
            }
            throw NetworkError(kind: .other, message: "write tcp \(remoteAddress): write: \(Self.errnoText(code))")
        }
    }

    func read(maximum: Int, deadline: ProbeDeadline) throws(NetworkError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return recv(descriptor, base, raw.count, 0)
            }
            if count >= 0 {
                buffer.removeSubrange(count...)
                return buffer
            }
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK || code == EINTR {
                try wait(for: Int16(POLLIN), deadline: deadline, timeoutMessage: "read tcp \(remoteAddress): i/o timeout")
                continue
            }
            throw NetworkError(kind: .other, message: "read tcp \(remoteAddress): read: \(Self.errnoText(code))")
        }
    }
}
