import Foundation
import Glibc

/// A TCP server on 127.0.0.1 with an ephemeral port, serving each connection with `handler`
/// on a background thread. Bounded: accepts stop after `lifetime` seconds or on `stop()`.
final class LocalTestServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let stopped = NSLock()
    private var isStopped = false

    init(lifetime: TimeInterval = 300, handler: @escaping @Sendable (TestConnection) -> Void) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.listener = listener
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                _ = bind(listener, raw, length)
                _ = getsockname(listener, raw, &length)
            }
        }
        listen(listener, 16)
        port = Int(UInt16(bigEndian: address.sin_port))
        let deadline = Date().addingTimeInterval(lifetime)
        let thread = Thread { [self] in
            while Date() < deadline && !self.stoppedNow {
                var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                guard poll(&entry, 1, 100) > 0 else { continue }
                let client = accept(listener, nil, nil)
                guard client >= 0 else { continue }
                let connection = TestConnection(descriptor: client)
                Thread { handler(connection); connection.close() }.start()
            }
        }
        thread.start()
    }

    private var stoppedNow: Bool {
        stopped.lock()
        defer { stopped.unlock() }
        return isStopped
    }

    func stop() {
        stopped.lock()
        isStopped = true
        stopped.unlock()
    }

    deinit {
        stop()
        close(listener)
    }

    /// A port on 127.0.0.1 nothing listens on (bound without listening, then released).
    static func unusedPort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                _ = bind(descriptor, raw, length)
                _ = getsockname(descriptor, raw, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A blocking accepted connection with 5-second receive/send timeouts.
final class TestConnection: @unchecked Sendable {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var closed = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
    }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { return }
            offset += written
        }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Reads until `count` bytes are buffered; nil on EOF or timeout.
    func receive(exactly count: Int) -> [UInt8]? {
        while buffer.count < count {
            guard fill() else { return nil }
        }
        let result = Array(buffer.prefix(count))
        buffer.removeFirst(count)
        return result
    }

    /// Reads an HTTP request head; returns its text.
    func receiveHTTPHead() -> String? {
        while true {
            if let range = findTerminator() {
                let head = String(decoding: buffer[..<range], as: UTF8.self)
                buffer.removeFirst(range)
                return head
            }
            guard fill() else { return nil }
        }
    }

    private func findTerminator() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index..<(index + 4)].elementsEqual([13, 10, 13, 10]) {
            return index + 4
        }
        return nil
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { raw in recv(descriptor, raw.baseAddress, raw.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk.prefix(count)
        return true
    }
}
