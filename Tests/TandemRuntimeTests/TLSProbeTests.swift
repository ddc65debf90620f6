import Foundation
import Glibc
import Testing
import TandemAPI
import TandemLifecycle
@testable import TandemRuntime

/// `openssl s_server` on 127.0.0.1 with a self-signed certificate made for the test, in
/// `-HTTP` mode: a request for `/name` is answered with the bytes of the file `name`, so each
/// file holds a whole HTTP response. `.ci/run` installs openssl.
final class OpenSSLServer {
    let port: Int
    let directory: URL
    private let process = Process()

    init(responses: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, response) in responses {
            try response.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", "key.pem", "-out", "cert.pem", "-subj", "/CN=tandem-test", "-days", "1"],
                         in: directory)
        port = LocalTestServer.unusedPort()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "s_server", "-accept", "127.0.0.1:\(port)", "-cert", "cert.pem",
                             "-key", "key.pem", "-HTTP", "-quiet"]
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits (up to 10 s) until the server accepts connections.
    func waitUntilListening() async -> Bool {
        for _ in 0..<200 {
            if await TCPSocketProber.probe(host: "127.0.0.1", port: port, timeout: .seconds(1)) == .success { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    func stop() {
        if process.isRunning {
            // SIGKILL: a child started from a pool thread inherits its blocked signals, TERM included.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    private static func openssl(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }
}

/// httpGet probes with `scheme: HTTPS` against a real TLS server (issue 10 item 11): the
/// kubelet does not verify the certificate, so a self-signed one is fine.
@Suite(.serialized) struct TLSProbeTests {
    let container = Container(name: "app")

    @Test func httpsProbesReadStatusAndBodyThroughTLS() async throws {
        let server = try OpenSSLServer(responses: [
            "healthz": "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
            "sick": "HTTP/1.0 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy",
            "moved": "HTTP/1.0 302 Found\r\nLocation: https://elsewhere.invalid/\r\nContent-Length: 3\r\n\r\nbye",
        ])
        defer { server.stop() }
        #expect(await server.waitUntilListening())
        func probe(_ path: String) async -> ProbeOutcome {
            await HTTPGetProber.probe(HTTPGetAction(path: path, port: .int(Int32(server.port)), scheme: "HTTPS"),
                                      container: container, timeout: .seconds(5))
        }
        #expect(await probe("/healthz") == .success)
        #expect(await probe("/sick") == .failure(output: "HTTP probe failed with statuscode: 503"))
        // The body of a redirect to another host, read through TLS, is in the warning.
        #expect(await probe("/moved") == .warning(output: "Probe terminated redirects, Response body: bye"))
    }

    @Test func aTruncatedBodyIsAnErrorThatResultsInFailure() async throws {
        let server = try OpenSSLServer(responses: [
            "short": "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this",
        ])
        defer { server.stop() }
        #expect(await server.waitUntilListening())
        let outcome = await HTTPGetProber.probe(HTTPGetAction(path: "/short", port: .int(Int32(server.port)), scheme: "HTTPS"),
                                                container: container, timeout: .seconds(5))
        #expect(outcome == .error(message: "unexpected EOF", state: .failure))
    }
}
