import Foundation
import Logging
import NIOCore
import NIOPosix
@testable import TandemWebhook

/// An in-process `WebhookServer` on a free loopback port, stopped by cancelling its task.
struct RunningServer {
    let address: String
    let metrics: WebhookMetrics
    let task: Task<Void, any Error>

    static func start(certificates directory: URL, mutator: any AdmissionMutator = FirstInitContainerMutator(),
                      bodyLimit: Int = WebhookServer.defaultBodyLimit,
                      requestTimeout: TimeAmount = WebhookServer.defaultRequestTimeout,
                      connectionLimit: Int = WebhookServer.defaultConnectionLimit,
                      group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> RunningServer {
        var logger = Logger(label: "tandem.webhook.test")
        logger.logLevel = .critical
        let metrics = WebhookMetrics()
        let certificates = try CertificateReloader(
            certificatePath: directory.appendingPathComponent("tls.crt").path,
            keyPath: directory.appendingPathComponent("tls.key").path, metrics: metrics, logger: logger)
        let server = WebhookServer(
            handler: AdmissionReviewHandler(mutator: mutator, policy: AdmissionPolicy(mode: .fixed(.native))),
            certificates: certificates, metrics: metrics, host: "127.0.0.1", port: 0, bodyLimit: bodyLimit,
            requestTimeout: requestTimeout, connectionLimit: connectionLimit, group: group, logger: logger)
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

    /// A process's peak resident set (`VmHWM` in /proc/PID/status), in KiB.
    static func peakResidentKiB(of pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") else {
            throw HarnessError(description: "no VmHWM in /proc/\(pid)/status")
        }
        return kib
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

/// A scripted client on one connection (python3's ssl module): bytes sent exactly as given, everything the server
/// sends back, and when it closed — what curl hides (pipelining, malformed requests, stalls, half-sent bodies).
enum RawClient {
    enum Step {
        /// Sends the bytes.
        case send([UInt8])
        /// Sends the string's UTF-8 bytes.
        case text(String)
        /// Reads until the server closes or sends nothing for `quiet` seconds.
        case read(quiet: Double)
        /// Sleeps.
        case sleep(Double)
        /// Creates the file (to tell the test a point is reached).
        case touch(URL)
        /// Waits (up to 60 s) until the file exists (the test's go-ahead).
        case waitFor(URL)
        /// Sends the bytes one at a time, `interval` seconds apart, until the server closes (or all are sent).
        case trickle([UInt8], interval: Double)
        /// Sends the bytes again and again (`times` at most) until a send makes no progress for `stall` seconds.
        case flood([UInt8], times: Int, stall: Double)
    }

    struct Outcome {
        /// Every byte the server sent.
        var received: [UInt8]
        /// One line per event: `read N` (bytes a `read` step got), `eof 1.23` (the server closed, seconds after
        /// connecting), `reset`, `open` (still open at the end), `sent N`, `stalled N`, `trickle-stopped N`, `error …`.
        var events: [String]
        var text: String { String(decoding: received, as: UTF8.self) }
        /// The seconds from connecting to the server's close, if it closed.
        var closedAfter: Double? {
            events.lazy.compactMap { $0.hasPrefix("eof ") ? Double($0.dropFirst(4)) : nil }.first
        }
        var closed: Bool { closedAfter != nil || events.contains("reset") }
        /// The bytes each `read` step got, in order.
        var reads: [Int] { events.compactMap { $0.hasPrefix("read ") ? Int($0.dropFirst(5)) : nil } }
    }

    static let script = #"""
import base64, os, socket, ssl, sys, time
host, port = sys.argv[1].rsplit(':', 1)
ca, tls = sys.argv[2], sys.argv[3] == 'tls'
start = time.monotonic()
raw = socket.create_connection((host, int(port)), timeout=60)
sock = raw
if tls:
    sock = ssl.create_default_context(cafile=ca).wrap_socket(raw, server_hostname=host)
received = bytearray()
closed = False
def event(text):
    sys.stderr.write(text + '\n')
def read(quiet):
    global closed
    sock.settimeout(quiet)
    count = 0
    while not closed:
        try:
            data = sock.recv(65536)
        except (socket.timeout, TimeoutError):
            break
        except (ssl.SSLEOFError, ssl.SSLZeroReturnError):
            data = b''
        except ConnectionResetError:
            event('reset'); closed = True; break
        if not data:
            event('eof %.3f' % (time.monotonic() - start)); closed = True; break
        received.extend(data); count += len(data)
    event('read %d' % count)
for step in sys.argv[4:]:
    kind, _, arg = step.partition(':')
    try:
        if kind == 'send':
            sock.sendall(base64.b64decode(arg))
        elif kind == 'read':
            read(float(arg))
        elif kind == 'sleep':
            time.sleep(float(arg))
        elif kind == 'touch':
            open(arg, 'w').close()
        elif kind == 'wait':
            deadline = time.monotonic() + 60
            while not os.path.exists(arg) and time.monotonic() < deadline:
                time.sleep(0.01)
        elif kind == 'trickle':
            data, interval = arg.split(':')
            sent = 0
            for byte in base64.b64decode(data):
                try:
                    sock.sendall(bytes([byte])); sent += 1
                except OSError:
                    break
                read(float(interval))
                if closed:
                    break
            event('trickle-stopped %d' % sent)
        elif kind == 'flood':
            data, times, stall = arg.split(':')
            data, sent = base64.b64decode(data), 0
            sock.settimeout(float(stall))
            try:
                for _ in range(int(times)):
                    sock.sendall(data); sent += len(data)
                event('sent %d' % sent)
            except (socket.timeout, TimeoutError):
                event('stalled %d' % sent)
    except OSError as error:
        event('error %s %s' % (kind, error)); break
if not closed:
    event('open')
sys.stdout.buffer.write(bytes(received))
"""#

    /// Runs the steps on one connection to `address` (TLS trusting only `ca`, or plain TCP when `ca` is nil).
    static func run(_ address: String, ca: URL?, _ steps: [Step]) async throws -> Outcome {
        let arguments = steps.map { step -> String in
            switch step {
            case .send(let bytes): "send:" + Data(bytes).base64EncodedString()
            case .text(let text): "send:" + Data(text.utf8).base64EncodedString()
            case .read(let quiet): "read:\(quiet)"
            case .sleep(let seconds): "sleep:\(seconds)"
            case .touch(let url): "touch:" + url.path
            case .waitFor(let url): "wait:" + url.path
            case .trickle(let bytes, let interval): "trickle:" + Data(bytes).base64EncodedString() + ":\(interval)"
            case .flood(let bytes, let times, let stall): "flood:" + Data(bytes).base64EncodedString() + ":\(times):\(stall)"
            }
        }
        let result = try await Tool.run("/usr/bin/env", ["python3", "-c", script, address, ca?.path ?? "",
                                                         ca == nil ? "tcp" : "tls"] + arguments)
        guard result.status == 0 else { throw HarnessError(description: "raw client failed: \(result.stderr)") }
        return Outcome(received: Array(result.stdout),
                       events: result.stderr.split(separator: "\n").map(String.init))
    }
}

/// Responses as text with each `Date` header's value replaced by `<date>` (after checking it is an IMF-fixdate),
/// so whole responses compare exactly.
enum HTTPText {
    static func normalized(_ text: String) -> String {
        text.replacing(/Date: [A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n/, with: "Date: <date>\r\n")
    }

    /// A whole response as the server writes it, `Date` normalized.
    static func response(_ status: String, version: String = "HTTP/1.1", contentType: String = "text/plain; charset=utf-8",
                         headers: [String] = [], body: String, bodyOmitted: Bool = false) -> String {
        var text = "\(version) \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nDate: <date>\r\n"
        for header in headers { text += header + "\r\n" }
        return text + "\r\n" + (bodyOmitted ? "" : body)
    }
}
