import Logging
import NIOCore
import NIOSSL
import Synchronization

/// The serving certificate and key, re-read when their files change, so cert-manager's rotation (or any
/// rewrite) takes effect without restarting the server. swift-nio-ssl calls ``contextCallback`` on every TLS
/// ClientHello; it stats both files (two cheap syscalls, no polling loop, no timer) and hands the handshake the
/// current pair. A half-written or mismatched pair is not taken: the last good pair stays and the failure is
/// logged and counted, and the next handshake tries again.
public final class CertificateReloader: Sendable {
    /// A certificate chain and key that load, and the file identities they were read from.
    private struct Loaded: Sendable {
        var chain: [NIOSSLCertificate]
        var key: NIOSSLPrivateKey
        var certificateIdentity: FileIdentity?
        var keyIdentity: FileIdentity?
    }

    public let certificatePath: String
    public let keyPath: String
    private let metrics: WebhookMetrics
    private let logger: Logger
    private let current: Mutex<Loaded>

    /// Loads the pair once; throws NIOSSL's error when either file is missing or not PEM.
    public init(certificatePath: String, keyPath: String, metrics: WebhookMetrics, logger: Logger) throws {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.metrics = metrics
        self.logger = logger
        current = Mutex(try Self.load(certificatePath: certificatePath, keyPath: keyPath))
    }

    /// A server TLS configuration (TLS 1.2 and later, HTTP/1.1 over ALPN) whose handshakes use the current pair.
    public func serverConfiguration() -> TLSConfiguration {
        let loaded = current.withLock { $0 }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: loaded.chain.map { .certificate($0) }, privateKey: .privateKey(loaded.key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        configuration.sslContextCallback = { [self] _, promise in
            promise.succeed(self.currentOverride())
        }
        return configuration
    }

    /// The pair for the handshake starting now, reloaded first if either file changed.
    func currentOverride() -> NIOSSLContextConfigurationOverride {
        let certificateIdentity = FileIdentity(path: certificatePath)
        let keyIdentity = FileIdentity(path: keyPath)
        let loaded: Loaded = current.withLock { loaded in
            guard certificateIdentity != loaded.certificateIdentity || keyIdentity != loaded.keyIdentity,
                  certificateIdentity != nil, keyIdentity != nil else { return loaded }
            do {
                loaded = try Self.load(certificatePath: certificatePath, keyPath: keyPath)
                metrics.recordCertificateReload(succeeded: true)
                logger.info("serving certificate reloaded", metadata: ["file": "\(certificatePath)"])
            } catch {
                // Remember the identities so a broken pair is retried only after the files change again.
                loaded.certificateIdentity = certificateIdentity
                loaded.keyIdentity = keyIdentity
                metrics.recordCertificateReload(succeeded: false)
                logger.error("serving certificate not reloaded, keeping the previous one: \(error)")
            }
            return loaded
        }
        var override = NIOSSLContextConfigurationOverride()
        override.certificateChain = loaded.chain.map { .certificate($0) }
        override.privateKey = .privateKey(loaded.key)
        return override
    }

    private static func load(certificatePath: String, keyPath: String) throws -> Loaded {
        // Identities first: a file swapped between stat and read is then seen as changed again next time.
        let certificateIdentity = FileIdentity(path: certificatePath)
        let keyIdentity = FileIdentity(path: keyPath)
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw CertificateFileError(path: certificatePath, reason: "cannot load a PEM certificate (\(error))")
        }
        guard !chain.isEmpty else { throw CertificateFileError(path: certificatePath, reason: "no PEM certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw CertificateFileError(path: keyPath, reason: "cannot load a PEM private key (\(error))")
        }
        // A context built from the pair fails when the key does not belong to the leaf certificate.
        do {
            _ = try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)))
        } catch {
            throw CertificateFileError(path: keyPath, reason: "the private key does not match \(certificatePath) (\(error))")
        }
        return Loaded(chain: chain, key: key, certificateIdentity: certificateIdentity, keyIdentity: keyIdentity)
    }
}

/// A certificate file that holds no certificate.
struct CertificateFileError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "\(path): \(reason)" }
}
