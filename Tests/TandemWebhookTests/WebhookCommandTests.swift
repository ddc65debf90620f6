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

    /// The C shim first tested `__GLIBC__` before including any libc header, so it was never defined and the
    /// shipped call did nothing (peaks as without it: 201–222 MB instead of 155 MB).
    @Test func largeBuffersAreReturnedToTheSystemOnGlibc() {
        #if canImport(Glibc)
        #expect(WebhookCommand.returnLargeBuffersToTheSystem())
        #endif
    }
}
