import CTandemOS
#if canImport(Glibc)
import Glibc
#endif

/// Identifies one `watchReadable` registration, for `stopWatching`.
public struct WatchID: Hashable, Sendable {
    let token: UInt64
}

extension Reactor {
    /// Watches `fd` (e.g. the read end from `makePipe`) and delivers what it
    /// reads, up to 64 KiB per callback, then `onEOF` once at end-of-file or on
    /// a read error. The reactor takes ownership of `fd` and closes it after
    /// EOF or `stopWatching`. Non-blocking descriptors are best; a blocking one
    /// works because only one read is made per readiness.
    @discardableResult
    public func watchReadable(fd: Int32, onData: @escaping @Sendable ([UInt8]) -> Void,
                              onEOF: @escaping @Sendable () -> Void) throws(OSError) -> WatchID {
        let readable = ReactorState.Readable(fd: fd, onData: onData, onEOF: onEOF)
        let token: UInt64? = state.withLock { state in
            guard !state.stopping else { return nil }
            let token = state.makeToken()
            state.registrations[token] = .readable(readable)
            return token
        }
        guard let token else {
            close(fd)
            throw OSError("watch descriptor \(fd)", errno: ECANCELED)
        }
        if tandem_epoll_add(epoll, fd, token) != 0 {
            let error = OSError.current("epoll_ctl add \(fd)")
            _ = state.withLock { $0.registrations.removeValue(forKey: token) }
            close(fd)
            throw error
        }
        return WatchID(token: token)
    }

    /// Stops watching and closes the descriptor, without calling `onEOF`.
    /// Takes effect on the reactor thread, so no callback for it starts after
    /// that point.
    public func stopWatching(_ id: WatchID) {
        execute { [self] in
            guard case .readable(let readable) = state.withLock({ $0.registrations[id.token] }) else { return }
            if unregister(token: id.token, fd: readable.fd) { close(readable.fd) }
        }
    }

    func descriptorBecameReadable(token: UInt64, _ readable: ReactorState.Readable,
                                  buffer: UnsafeMutableRawBufferPointer) {
        let count = read(readable.fd, buffer.baseAddress, buffer.count)
        if count > 0 {
            readable.onData(Array(UnsafeRawBufferPointer(rebasing: buffer[0..<count])))
            return
        }
        if count < 0 && (errno == EAGAIN || errno == EINTR) { return }
        guard unregister(token: token, fd: readable.fd) else { return }
        close(readable.fd)
        readable.onEOF()
    }
}
