import Glibc
import TandemOS

/// OpenSSL's `libssl.so.3`, loaded at run time so tandem links no TLS library and still runs
/// where it is absent (HTTPS probes then report a probe error).
///
/// `@unchecked Sendable`: every stored property is an immutable C function pointer or handle
/// set once in `init`; OpenSSL ≥ 1.1 is thread-safe for distinct `SSL` objects.
final class TLSLibrary: @unchecked Sendable {
    typealias MethodFunction = @convention(c) () -> OpaquePointer?
    typealias ContextNew = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias ContextFree = @convention(c) (OpaquePointer?) -> Void
    typealias SSLNew = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias SSLFree = @convention(c) (OpaquePointer?) -> Void
    typealias SetFD = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias Control = @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    typealias Handshake = @convention(c) (OpaquePointer?) -> Int32
    typealias ReadFunction = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Int32
    typealias WriteFunction = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int32) -> Int32
    typealias GetError = @convention(c) (OpaquePointer?, Int32) -> Int32

    let clientMethod: MethodFunction
    let contextNew: ContextNew
    let contextFree: ContextFree
    let sslNew: SSLNew
    let sslFree: SSLFree
    let setFD: SetFD
    let control: Control
    let connect: Handshake
    let shutdown: Handshake
    let read: ReadFunction
    let write: WriteFunction
    let getError: GetError

    /// libssl, or why it could not be loaded (said in the probe error of an HTTPS probe).
    static let shared: Result<TLSLibrary, DynamicLibraryError> = {
        do throws(DynamicLibraryError) {
            let library = try DynamicLibrary.open("libssl.so.3")
            guard let loaded = TLSLibrary(library) else {
                throw DynamicLibraryError(message: "libssl.so.3 lacks a function tandem needs")
            }
            return .success(loaded)
        } catch {
            return .failure(error)
        }
    }()

    private init?(_ library: DynamicLibrary) {
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            library.function(name, as: type)
        }
        guard let clientMethod = symbol("TLS_client_method", as: MethodFunction.self),
              let contextNew = symbol("SSL_CTX_new", as: ContextNew.self),
              let contextFree = symbol("SSL_CTX_free", as: ContextFree.self),
              let sslNew = symbol("SSL_new", as: SSLNew.self),
              let sslFree = symbol("SSL_free", as: SSLFree.self),
              let setFD = symbol("SSL_set_fd", as: SetFD.self),
              let control = symbol("SSL_ctrl", as: Control.self),
              let connect = symbol("SSL_connect", as: Handshake.self),
              let shutdown = symbol("SSL_shutdown", as: Handshake.self),
              let read = symbol("SSL_read", as: ReadFunction.self),
              let write = symbol("SSL_write", as: WriteFunction.self),
              let getError = symbol("SSL_get_error", as: GetError.self) else { return nil }
        self.clientMethod = clientMethod
        self.contextNew = contextNew
        self.contextFree = contextFree
        self.sslNew = sslNew
        self.sslFree = sslFree
        self.setFD = setFD
        self.control = control
        self.connect = connect
        self.shutdown = shutdown
        self.read = read
        self.write = write
        self.getError = getError
    }
}

/// A TLS client session over a probe connection, without certificate verification (the
/// kubelet's probes set `InsecureSkipVerify`). Non-blocking: OpenSSL's want-read/want-write
/// answers are turned into `poll()` waits bounded by the deadline.
final class TLSSession: ProbeStream {
    private static let wantRead: Int32 = 2
    private static let wantWrite: Int32 = 3
    private static let zeroReturn: Int32 = 6
    private static let setHostNameControl: Int32 = 55

    private let library: TLSLibrary
    private let connection: ProbeConnection
    private let context: OpaquePointer
    private let ssl: OpaquePointer

    private init(library: TLSLibrary, connection: ProbeConnection, context: OpaquePointer, ssl: OpaquePointer) {
        self.library = library
        self.connection = connection
        self.context = context
        self.ssl = ssl
    }

    deinit {
        _ = library.shutdown(ssl)
        library.sslFree(ssl)
        library.contextFree(context)
    }

    static func open(over connection: ProbeConnection, serverName: String, deadline: ProbeDeadline) throws(NetworkError) -> TLSSession {
        let library: TLSLibrary
        switch TLSLibrary.shared {
        case .success(let loaded): library = loaded
        case .failure(let error):
            throw NetworkError(kind: .unsupported, message: "HTTPS probes need libssl.so.3, which could not be loaded: \(error)")
        }
        guard let context = library.contextNew(library.clientMethod()) else {
            throw NetworkError(kind: .other, message: "tls: cannot create a TLS context")
        }
        guard let ssl = library.sslNew(context) else {
            library.contextFree(context)
            throw NetworkError(kind: .other, message: "tls: cannot create a TLS session")
        }
        let session = TLSSession(library: library, connection: connection, context: context, ssl: ssl)
        _ = library.setFD(ssl, connection.descriptor)
        // Like Go, send SNI for names only, never for IP literals.
        let isAddress = serverName.contains(":") || serverName.allSatisfy { $0.isNumber || $0 == "." }
        if !isAddress {
            var name = Array(serverName.utf8CString)
            _ = name.withUnsafeMutableBytes { raw in
                library.control(ssl, setHostNameControl, 0, raw.baseAddress)
            }
        }
        while true {
            let result = library.connect(ssl)
            if result == 1 { return session }
            try session.waitAfter(result: result, deadline: deadline, step: "tls: handshake")
        }
    }

    /// Waits for the socket when OpenSSL asks to, or throws for a real error.
    private func waitAfter(result: Int32, deadline: ProbeDeadline, step: String) throws(NetworkError) {
        let code = library.getError(ssl, result)
        switch code {
        case Self.wantRead:
            try connection.wait(for: Int16(POLLIN), deadline: deadline, timeoutMessage: "net/http: TLS handshake timeout")
        case Self.wantWrite:
            try connection.wait(for: Int16(POLLOUT), deadline: deadline, timeoutMessage: "net/http: TLS handshake timeout")
        default:
            throw NetworkError(kind: .other, message: "remote error: \(step) failed (OpenSSL error \(code))")
        }
    }

    func writeAll(_ bytes: [UInt8], deadline: ProbeDeadline) throws(NetworkError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int32 in
                library.write(ssl, raw.baseAddress.map { $0 + offset }, Int32(raw.count - offset))
            }
            if written > 0 {
                offset += Int(written)
            } else {
                try waitAfter(result: written, deadline: deadline, step: "tls: write")
            }
        }
    }

    func read(maximum: Int, deadline: ProbeDeadline) throws(NetworkError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw -> Int32 in
                library.read(ssl, raw.baseAddress, Int32(raw.count))
            }
            if count > 0 {
                buffer.removeSubrange(Int(count)...)
                return buffer
            }
            let code = library.getError(ssl, count)
            // A clean close_notify, or a peer that just closed the socket: both end the stream.
            if code == Self.zeroReturn || code == 5 && count == 0 { return [] }
            try waitAfter(result: count, deadline: deadline, step: "tls: read")
        }
    }
}
