import Foundation
import TandemAPI
import Testing
@testable import TandemWebhook

/// The server over real TLS on loopback, with certificates made by examples/webhook/make-certs.sh (openssl).
@Suite(.serialized) struct WebhookServerTests {
    @Test func mutateHealthAndMetricsOverTLS() async throws {
        let certificates = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: certificates) }
        try await Tool.makeCertificates(in: certificates)
        let server = try await RunningServer.start(certificates: certificates)
        let ca = certificates.appendingPathComponent("ca.crt")
        let review = Fixture.directory.appendingPathComponent("deployment-pod-review.json")

        let health = try await Tool.curl("https://\(server.address)/healthz", ca: ca)
        let ready = try await Tool.curl("https://\(server.address)/readyz", ca: ca)
        let mutate = try await Tool.curl("https://\(server.address)/mutate", ca: ca, body: review)
        let garbage = certificates.appendingPathComponent("garbage")
        try Data("{not json".utf8).write(to: garbage)
        let bad = try await Tool.curl("https://\(server.address)/mutate", ca: ca, body: garbage)
        let metrics = try await Tool.curl("https://\(server.address)/metrics", ca: ca)
        await server.stop()

        #expect(health.code == 200 && health.body == "ok\n")
        #expect(ready.code == 200 && ready.body == "ok\n")
        #expect(bad.code == 400 && bad.body == "request body is not JSON\n")
        #expect(mutate.code == 200)
        let expected = AdmissionReviewHandler(mutator: FirstInitContainerMutator(), policy: AdmissionPolicy(mode: .fixed(.native)))
            .handle(body: try Data(contentsOf: review))
        guard case .review(let expectedBody, _, _) = expected else { Issue.record("fixture not handled"); return }
        #expect(mutate.body == String(decoding: expectedBody, as: UTF8.self))

        #expect(metrics.code == 200)
        let lines = metrics.body.split(separator: "\n").map(String.init)
        #expect(lines.contains(#"tandem_webhook_admission_requests_total{outcome="injected"} 1"#))
        #expect(lines.contains(#"tandem_webhook_admission_requests_total{outcome="bad_request"} 1"#))
        #expect(lines.contains(#"tandem_webhook_injections_total{mode="native"} 1"#))
        #expect(lines.contains(#"tandem_webhook_admission_duration_seconds_count 2"#))
    }

    @Test func rotatedCertificateIsServedToNewConnections() async throws {
        let live = try Tool.temporaryDirectory()
        let next = try Tool.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: live)
            try? FileManager.default.removeItem(at: next)
        }
        try await Tool.makeCertificates(in: live)
        try await Tool.makeCertificates(in: next)
        let oldCA = next.appendingPathComponent("old-ca.crt")
        try FileManager.default.copyItem(at: live.appendingPathComponent("ca.crt"), to: oldCA)
        let server = try await RunningServer.start(certificates: live)
        let url = "https://\(server.address)/healthz"

        let before = try await Tool.curl(url, ca: oldCA)
        let beforeWithNewCA = try await Tool.curl(url, ca: next.appendingPathComponent("ca.crt"))
        // cert-manager's way: the new files replace the old ones by rename.
        for name in ["tls.key", "tls.crt"] {
            let staged = live.appendingPathComponent(".\(name).new")
            try FileManager.default.copyItem(at: next.appendingPathComponent(name), to: staged)
            #expect(rename(staged.path, live.appendingPathComponent(name).path) == 0)
        }
        let after = try await Tool.curl(url, ca: next.appendingPathComponent("ca.crt"))
        let afterWithOldCA = try await Tool.curl(url, ca: oldCA)
        // A broken rewrite keeps the last good pair.
        try Data("-----BEGIN CERTIFICATE-----\nnot base64\n".utf8).write(to: live.appendingPathComponent("tls.crt"))
        let afterBroken = try await Tool.curl(url, ca: next.appendingPathComponent("ca.crt"))
        let metrics = server.metrics.render()
        await server.stop()

        #expect(before.code == 200)
        #expect(beforeWithNewCA.code == 0 && beforeWithNewCA.result.status == 60)
        #expect(after.code == 200)
        #expect(afterWithOldCA.code == 0 && afterWithOldCA.result.status == 60)
        #expect(afterBroken.code == 200)
        #expect(metrics.contains("tandem_webhook_certificate_reloads_total 1\n"))
        #expect(metrics.contains("tandem_webhook_errors_total{kind=\"certificate_reload\"} 1\n"))
    }

    @Test func tenMegabyteBodyGets413AndServerGoesOn() async throws {
        let certificates = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: certificates) }
        try await Tool.makeCertificates(in: certificates)
        let server = try await RunningServer.start(certificates: certificates)
        let ca = certificates.appendingPathComponent("ca.crt")
        let big = certificates.appendingPathComponent("big.json")
        var body = Data(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x","padding":""#.utf8)
        body.append(Data(repeating: UInt8(ascii: "a"), count: 10_000_000))
        body.append(Data(#""}}"#.utf8))
        try body.write(to: big)

        let tooLarge = try await Tool.curl("https://\(server.address)/mutate", ca: ca, body: big)
        let health = try await Tool.curl("https://\(server.address)/healthz", ca: ca)
        let metrics = server.metrics.render()
        await server.stop()

        #expect(tooLarge.code == 413)
        #expect(tooLarge.body == "request body larger than 3145728 bytes\n")
        #expect(health.code == 200)
        #expect(metrics.contains("tandem_webhook_admission_requests_total{outcome=\"too_large\"} 1\n"))
    }

    /// The "listening on https://…" line must be a URL: an IPv6 literal goes in brackets (`--listen [::1]:8443`
    /// printed `https://::1:8443`, which curl refuses).
    @Test func listeningAddressIsAURLAuthority() {
        #expect(WebhookServer.authority(host: "::1", port: 8443) == "[::1]:8443")
        #expect(WebhookServer.authority(host: "127.0.0.1", port: 0) == "127.0.0.1:0")
        #expect(WebhookServer.authority(host: "webhook.example", port: 8443) == "webhook.example:8443")
    }

    @Test func tlsOlderThan12IsRefused() async throws {
        let certificates = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: certificates) }
        try await Tool.makeCertificates(in: certificates)
        let server = try await RunningServer.start(certificates: certificates)
        let tls11 = try await Tool.run("/usr/bin/openssl", ["s_client", "-connect", server.address, "-tls1_1",
                                                            "-cipher", "DEFAULT:@SECLEVEL=0"])
        let tls12 = try await Tool.run("/usr/bin/openssl", ["s_client", "-connect", server.address, "-tls1_2"])
        await server.stop()
        #expect(tls11.status != 0)
        #expect(tls12.status == 0)
    }
}
