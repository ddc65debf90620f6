import Foundation
import NIOCore

/// Why the server could not listen, in the words of Go's net package (which the Kubernetes components print):
/// `listen tcp 127.0.0.1:8443: bind: address already in use`, `listen tcp: lookup example.invalid: no such host`,
/// instead of NIO's `bind(descriptor:ptr:bytes:): Address already in use) (errno: 98)`.
struct ListenError: Error, CustomStringConvertible {
    let authority: String
    let host: String
    let underlying: any Error

    var description: String {
        if let error = underlying as? IOError {
            return "listen tcp \(authority): bind: \(String(cString: strerror(error.errnoCode)).lowercased())"
        }
        if underlying is SocketAddressError.UnknownHost {
            return "listen tcp: lookup \(host): no such host"
        }
        return "listen tcp \(authority): \(underlying)"
    }
}
