import Foundation
import Testing
@testable import TandemWebhook

/// The connection limit over real TLS: a connection beyond it is not refused but waits, unaccepted, in the
/// kernel's backlog (its handshake doesn't finish), and is served as soon as another closes.
@Suite(.serialized) struct ConnectionLimitHandlerTests {
    @Test func aConnectionBeyondTheLimitWaitsAndIsServedWhenAnotherCloses() async throws {
        let certificates = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: certificates) }
        try await Tool.makeCertificates(in: certificates)
        let server = try await RunningServer.start(certificates: certificates, connectionLimit: 2)
        let ca = certificates.appendingPathComponent("ca.crt")
        func file(_ name: String) -> URL { certificates.appendingPathComponent(name) }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name).path) }
        func waitFor(_ name: String) async throws {
            let deadline = ContinuousClock.now + .seconds(30)
            while !exists(name), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        }
        let request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
        let ok = HTTPText.response("200 OK", body: "ok\n")

        // Two connections, each answered, then held open until told to close.
        let holders = (1...2).map { number in
            Task {
                try await RawClient.run(server.address, ca: ca, [
                    .text(request), .read(quiet: 0.3), .touch(file("served-\(number)")), .waitFor(file("close-\(number)"))])
            }
        }
        try await waitFor("served-1")
        try await waitFor("served-2")
        // The third: its TCP connection is made (the backlog), its handshake waits for the server to accept it.
        let third = Task {
            try await RawClient.run(server.address, ca: ca, [.touch(file("handshaken-3")), .text(request), .read(quiet: 0.3)])
        }
        try await Task.sleep(for: .seconds(1))
        #expect(!exists("handshaken-3"))
        #expect(server.metrics.render().contains("\ntandem_webhook_open_connections 2\n"))

        #expect(FileManager.default.createFile(atPath: file("close-1").path, contents: nil))
        let thirdOutcome = try await third.value
        #expect(FileManager.default.createFile(atPath: file("close-2").path, contents: nil))
        var outcomes: [RawClient.Outcome] = []
        for holder in holders { outcomes.append(try await holder.value) }
        // All three closed by their clients; the count comes back to 0 (closes are counted on the listener's loop).
        let deadline = ContinuousClock.now + .seconds(30)
        while !server.metrics.render().contains("\ntandem_webhook_open_connections 0\n"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.metrics.render().contains("\ntandem_webhook_open_connections 0\n"))
        await server.stop()

        #expect(outcomes.map { HTTPText.normalized($0.text) } == [ok, ok])
        #expect(HTTPText.normalized(thirdOutcome.text) == ok)
    }
}
