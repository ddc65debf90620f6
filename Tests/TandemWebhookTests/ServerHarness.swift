import Foundation
import Logging
@testable import TandemWebhook

/// An in-process `WebhookServer` on a free loopback port, stopped by cancelling its task.
struct RunningServer {
    let address: String
    let metrics: WebhookMetrics
    let task: Task<Void, any Error>

    static func start(certificates directory: URL, mutator: any AdmissionMutator = FirstInitContainerMutator(),
                      bodyLimit: Int = WebhookServer.defaultBodyLimit) async throws -> RunningServer {
        var logger = Logger(label: "tandem.webhook.test")
        logger.logLevel = .critical
        let metrics = WebhookMetrics()
        let certificates = try CertificateReloader(
            certificatePath: directory.appendingPathComponent("tls.crt").path,
            keyPath: directory.appendingPathComponent("tls.key").path, metrics: metrics, logger: logger)
        let server = WebhookServer(
            handler: AdmissionReviewHandler(mutator: mutator, policy: AdmissionPolicy(mode: .fixed(.native))),
            certificates: certificates, metrics: metrics, host: "127.0.0.1", port: 0, bodyLimit: bodyLimit,
            logger: logger)
        let (addresses, continuation) = AsyncStream<String>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await server.run(handlesSignals: false) { continuation.yield($0) }
        }
        var iterator = addresses.makeAsyncIterator()
        guard let address = await iterator.next() else {
            _ = try await task.value
            throw HarnessError(description: "server ended before listening")
        }
        return RunningServer(address: address, metrics: metrics, task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
}

/// Runs a command-line tool (curl, openssl, the repository's scripts) off the cooperative pool, so a test
/// waiting for it never starves the server under test of threads.
enum Tool {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                let out = Pipe()
                let err = Pipe()
                process.standardOutput = out
                process.standardError = err
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                let stderr = err.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: Result(status: process.terminationStatus, stdout: stdout,
                                                      stderr: String(decoding: stderr, as: UTF8.self)))
            }
        }
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `examples/webhook/make-certs.sh DIR`: a new CA and serving certificate for 127.0.0.1.
    static func makeCertificates(in directory: URL) async throws {
        let result = try await run("/bin/sh", [repository.appendingPathComponent("examples/webhook/make-certs.sh").path,
                                               directory.path])
        guard result.status == 0 else { throw HarnessError(description: "make-certs.sh failed: \(result.stderr)") }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-webhook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// curl over HTTPS trusting only `ca`; returns (HTTP status, body); status 0 when the request failed.
    static func curl(_ url: String, ca: URL, body: URL? = nil, extra: [String] = []) async throws -> (code: Int, body: String, result: Result) {
        var arguments = ["-sS", "--max-time", "60", "--cacert", ca.path, "-w", "\n%{http_code}", "-H", "Expect:"]
        if let body {
            arguments += ["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@" + body.path]
        }
        arguments += extra + [url]
        let result = try await run("/usr/bin/curl", arguments)
        let text = result.text
        let split = text.lastIndex(of: "\n").map { (String(text[..<$0]), Int(text[text.index(after: $0)...]) ?? 0) } ?? (text, 0)
        return (split.1, split.0, result)
    }
}
