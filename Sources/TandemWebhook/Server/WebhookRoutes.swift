import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// What each path answers: the shared, thread-safe half of ``WebhookHTTPHandler``.
struct WebhookRoutes: Sendable {
    let handler: AdmissionReviewHandler
    let metrics: WebhookMetrics
    let bodyLimit: Int
    /// Set when the server has been told to stop but still serves (`--shutdown-delay-seconds`): `/readyz` fails.
    var stopping: StoppingFlag = StoppingFlag()

    /// A response: status, `Content-Type`, body bytes, and an `Allow` header for a 405.
    struct Answer {
        var status: HTTPResponseStatus
        var contentType: String
        var body: ByteBuffer
        var allow: String? = nil

        static func text(_ status: HTTPResponseStatus, _ text: String) -> Answer {
            Answer(status: status, contentType: "text/plain; charset=utf-8", body: ByteBuffer(string: text))
        }
    }

    /// Paths served, with the one method each accepts.
    static let methods: [String: HTTPMethod] = ["/mutate": .POST, "/healthz": .GET, "/readyz": .GET, "/metrics": .GET]

    /// The answer to a request without a body to read (everything but `POST /mutate`); nil for `POST /mutate`.
    func answer(method: HTTPMethod, path: String) -> Answer? {
        guard let accepted = Self.methods[path] else { return .text(.notFound, "404 page not found\n") }
        guard method == accepted || (method == .HEAD && accepted == .GET) else {
            var answer = Answer.text(.methodNotAllowed, "method \(method.rawValue) not allowed on \(path), only \(accepted.rawValue)\n")
            answer.allow = accepted == .GET ? "GET, HEAD" : accepted.rawValue  // RFC 9110 §15.5.6: a 405 MUST have it
            return answer
        }
        switch path {
        case "/mutate": return nil
        case "/metrics":
            return Answer(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8",
                          body: ByteBuffer(string: metrics.render()))
        case "/readyz" where stopping.isSet: return .text(.serviceUnavailable, "shutting down\n")
        default: return .text(.ok, "ok\n")
        }
    }

    /// `POST /mutate` with its whole body; records the outcome and its duration from the request head.
    func mutate(body: ByteBuffer, since start: NIODeadline) -> Answer {
        let result = body.withUnsafeReadableBytes { handler.handle(body: $0) }
        switch result {
        case .review(let json, let outcome, let mode):
            metrics.record(outcome, mode: mode, seconds: Self.seconds(since: start))
            return Answer(status: .ok, contentType: "application/json", body: ByteBuffer(bytes: json))
        case .badRequest(let message):
            metrics.record(.badRequest, mode: nil, seconds: Self.seconds(since: start))
            return .text(.badRequest, message + "\n")
        }
    }

    func tooLarge(since start: NIODeadline) -> Answer {
        metrics.record(.tooLarge, mode: nil, seconds: Self.seconds(since: start))
        return .text(.payloadTooLarge, "request body larger than \(bodyLimit) bytes\n")
    }

    static func seconds(since start: NIODeadline) -> Double {
        Double((NIODeadline.now() - start).nanoseconds) / 1e9
    }
}

/// Whether the server is stopping: set once, read by every connection.
final class StoppingFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .relaxed) }

    func set() { value.store(true, ordering: .relaxed) }
}
