import ArgumentParser
import Testing
@testable import TandemWebhook

@Suite struct WebhookCommandTests {
    static let required = ["--tls-cert", "tls.crt", "--tls-key", "tls.key", "--sidecar", "sidecar.yaml"]

    /// JSONTape records offsets as Int32: a body over 2 GiB, which a larger --max-body-bytes let through, trapped
    /// converting one and took the server down; the flag now stops at 2 GiB (and JSONTape refuses longer text).
    @Test func maxBodyBytesStopsAtTwoGiB() throws {
        #expect(throws: (any Error).self) {
            try WebhookCommand.parseAsRoot(Self.required + ["--max-body-bytes", "3000000000"])
        }
        _ = try WebhookCommand.parseAsRoot(Self.required + ["--max-body-bytes", "\(Int32.max)"])
        #expect(throws: (any Error).self) { try WebhookCommand.parseAsRoot(Self.required + ["--max-body-bytes", "0"]) }
    }
}
