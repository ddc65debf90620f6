#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking, close-on-exec TCP client socket: the system calls of network probes and
/// HTTP hooks (name resolution, connect, poll, send, receive), each failure an `OSError`.
/// Deadlines and the wording of errors (Go's, as the kubelet shows them) stay with the caller.
/// Closed when the last reference goes.
public final class TCPSocket: Sendable {
    public let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// The addresses of `host` (`getaddrinfo`, any family, stream sockets), each a raw
    /// `sockaddr`; nil when the name cannot be resolved.
    public static func resolve(host: String, port: Int) -> [[UInt8]]? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        var addresses: [[UInt8]] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let socketAddress = entry.pointee.ai_addr {
                addresses.append(Array(UnsafeRawBufferPointer(start: socketAddress, count: Int(entry.pointee.ai_addrlen))))
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

    /// Starts connecting to `address` (a raw `sockaddr` from `resolve`). Returns the socket
    /// and whether the connection is still in progress (then wait for `POLLOUT` and read
    /// `pendingError()`).
    /// - Throws: `OSError` for `socket` or an immediate `connect` failure (ECONNREFUSED, …).
    public static func connect(to address: [UInt8]) throws(OSError) -> (socket: TCPSocket, inProgress: Bool) {
        let family = address.withUnsafeBytes { $0.load(as: sa_family_t.self) }
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let socket = TCPSocket(descriptor: try systemCall("socket") { Glibc.socket(Int32(family), type, 0) })
        let result = address.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return -1 }
            return Glibc.connect(socket.descriptor, base.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if result == 0 { return (socket, false) }
        let code = errno
        // EINTR: the connection goes on in the background, as with EINPROGRESS.
        if code == EINPROGRESS || code == EINTR { return (socket, true) }
        throw OSError("connect", errno: code)
    }

    /// The error of a finished non-blocking connect (`SO_ERROR`); 0 when it succeeded.
    public func pendingError() -> Int32 {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return errno }
        return error
    }

    /// Waits up to `milliseconds` for `events` (`POLLIN`, `POLLOUT`); true when ready, false
    /// on timeout or a signal (the caller checks its deadline and calls again).
    public func wait(for events: Int16, milliseconds: Int32) throws(OSError) -> Bool {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        let ready = poll(&entry, 1, milliseconds)
        if ready > 0 { return true }
        if ready < 0 && errno != EINTR { throw OSError("poll", errno: errno) }
        return false
    }

    /// Sends what it can of `bytes` (never SIGPIPE); 0 when the socket is full (wait for `POLLOUT`).
    public func send(_ bytes: ArraySlice<UInt8>) throws(OSError) -> Int {
        let sent = bytes.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return Glibc.send(descriptor, base, raw.count, Int32(MSG_NOSIGNAL))
        }
        if sent >= 0 { return sent }
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return 0 }
        throw OSError("write", errno: code)
    }

    /// Receives up to `maximum` bytes: empty at end of stream, nil when nothing is there yet
    /// (wait for `POLLIN`).
    public func receive(maximum: Int) throws(OSError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return recv(descriptor, base, raw.count, 0)
        }
        if count >= 0 {
            buffer.removeSubrange(count...)
            return buffer
        }
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return nil }
        throw OSError("read", errno: code)
    }
}
