import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// `tandem webhook`'s HTTPS server: `POST /mutate` for AdmissionReviews, `GET /healthz`, `/readyz`, `/metrics`.
/// Hummingbird over swift-nio-ssl; the certificate is re-read per handshake by ``CertificateReloader``, and
/// SIGTERM/SIGINT end it gracefully through swift-service-lifecycle (in-flight requests finish first).
public struct WebhookServer: Sendable {
    /// The API server sends at most 3 MiB (its own request limit); more is not an AdmissionReview we want.
    public static let defaultBodyLimit = 3 * 1024 * 1024

    public let handler: AdmissionReviewHandler
    public let certificates: CertificateReloader
    public let metrics: WebhookMetrics
    public let host: String
    public let port: Int
    public let bodyLimit: Int
    public let logger: Logger

    public init(handler: AdmissionReviewHandler, certificates: CertificateReloader, metrics: WebhookMetrics,
                host: String, port: Int, bodyLimit: Int = defaultBodyLimit, logger: Logger) {
        self.handler = handler
        self.certificates = certificates
        self.metrics = metrics
        self.host = host
        self.port = port
        self.bodyLimit = bodyLimit
        self.logger = logger
    }

    /// Serves until SIGTERM/SIGINT (when `handlesSignals`) or until the task is cancelled; `onListening` gets
    /// the bound address (`127.0.0.1:8443`) once the server accepts connections.
    public func run(handlesSignals: Bool = true, onListening: @escaping @Sendable (String) -> Void) async throws {
        let router = Router()
        let handler = handler
        let metrics = metrics
        let bodyLimit = bodyLimit
        router.post("/mutate") { request, _ -> Response in
            let start = ContinuousClock.now
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: bodyLimit)
            } catch is NIOTooManyBytesError {
                metrics.record(.tooLarge, mode: nil, seconds: start.duration(to: .now).seconds)
                return Self.text(.contentTooLarge, "request body larger than \(bodyLimit) bytes\n")
            }
            let result = handler.handle(body: Data(body.readableBytesView))
            let response: Response
            switch result {
            case .review(let json, let outcome, let mode):
                metrics.record(outcome, mode: mode, seconds: start.duration(to: .now).seconds)
                response = Response(status: .ok, headers: [.contentType: "application/json"],
                                    body: .init(byteBuffer: ByteBuffer(bytes: json)))
            case .badRequest(let message):
                metrics.record(.badRequest, mode: nil, seconds: start.duration(to: .now).seconds)
                response = Self.text(.badRequest, message + "\n")
            }
            return response
        }
        router.get("/healthz") { _, _ in Self.text(.ok, "ok\n") }
        router.get("/readyz") { _, _ in Self.text(.ok, "ok\n") }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }

        let app = Application(
            router: router,
            server: try .tls(.http1(configuration: .init(idleTimeout: .seconds(90))),
                             tlsConfiguration: certificates.serverConfiguration()),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                onListening("\(host):\(port)")
            },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [])
    }

    private static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
