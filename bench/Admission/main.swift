import Foundation
import TandemWebhook

// `swift run -c release tandem-bench-admission [admissions] [runs]`: the CPU one `POST /mutate` costs in the
// protocol half of `tandem webhook` (parse the AdmissionReview, decide, build the patch, write the answer),
// without TLS and HTTP: the Deployment-pod review of the tests with bench/webhook/sidecar.yaml, native mode. The
// review is sent compact, as the API server sends it (Go's encoder writes no whitespace); the fixture is indented.

let count = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 20_000
let runs = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 5
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let indented = try Data(contentsOf: root.appendingPathComponent("Tests/TandemWebhookTests/Fixtures/deployment-pod-review.json"))
let review = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: indented),
                                        options: .withoutEscapingSlashes)
let handler = AdmissionReviewHandler(
    mutator: try SidecarMutatorLoader.load(path: root.appendingPathComponent("bench/webhook/sidecar.yaml").path),
    policy: AdmissionPolicy(mode: .fixed(.native)))

/// CPU time of this process: on a shared machine the wall clock measures the neighbours too.
func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// The best CPU per admission of `body` over `runs` runs of `count`, and the answer's size.
func measure(_ body: Data) -> (seconds: Double, answerBytes: Int) {
    var best = Double.infinity
    var answerBytes = 0
    for _ in 0..<runs {
        let start = cpuSeconds()
        for _ in 0..<count {
            guard case .review(let json, .injected, _) = handler.handle(body: body) else { fatalError("not injected") }
            answerBytes = json.count
        }
        best = min(best, (cpuSeconds() - start) / Double(count))
    }
    return (best, answerBytes)
}

// The review as it is: its pod has a shape (PodTemplateShape), so after the first admission the patch is the
// one kept for that shape. Pods of one Deployment all share a shape; a cluster has a few dozen at most.
let shaped = measure(review)
print(String(format: "admission: %.1f µs CPU each (best of %d runs of %d; %d-byte review, %d-byte answer)",
             shaped.seconds * 1e6, runs, count, review.count, shaped.answerBytes))
// The same pod already carrying the sidecar's volume: outside every shape, so the injector runs on the whole
// pod every time (the webhook's slow path).
let withVolume = String(decoding: review, as: UTF8.self).replacingOccurrences(
    of: #""volumes":["#, with: #""volumes":[{"name":"shipper-config","configMap":{"name":"shipper-config"}},"#)
precondition(withVolume.utf8.count > review.count, "the review has no volumes list to add to")
let full = measure(Data(withVolume.utf8))
print(String(format: "admission, full injector path: %.1f µs CPU each (the pod already has the sidecar's volume)",
             full.seconds * 1e6))
// The fixture as it is, indented (34 % more bytes to read).
let indentedShaped = measure(indented)
print(String(format: "admission, the review indented: %.1f µs CPU each (%d-byte review)",
             indentedShaped.seconds * 1e6, indented.count))
