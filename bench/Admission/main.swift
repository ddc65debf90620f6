import Foundation
import TandemWebhook

// `swift run -c release tandem-bench-admission [admissions] [runs]`: the CPU one `POST /mutate` costs in the
// protocol half of `tandem webhook` (parse the AdmissionReview, decide, build the patch, write the answer),
// without TLS and HTTP: the Deployment-pod review of the tests with bench/webhook/sidecar.yaml, native mode.

let count = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 20_000
let runs = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 5
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let review = try Data(contentsOf: root.appendingPathComponent("Tests/TandemWebhookTests/Fixtures/deployment-pod-review.json"))
let handler = AdmissionReviewHandler(
    mutator: try SidecarMutatorLoader.load(path: root.appendingPathComponent("bench/webhook/sidecar.yaml").path),
    policy: AdmissionPolicy(mode: .fixed(.native)))

/// CPU time of this process: on a shared machine the wall clock measures the neighbours too.
func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

var best = Double.infinity
var answerBytes = 0
for _ in 0..<runs {
    let start = cpuSeconds()
    for _ in 0..<count {
        guard case .review(let json, .injected, _) = handler.handle(body: review) else { fatalError("not injected") }
        answerBytes = json.count
    }
    best = min(best, (cpuSeconds() - start) / Double(count))
}
print(String(format: "admission: %.1f µs CPU each (best of %d runs of %d; %d-byte review, %d-byte answer)",
             best * 1e6, runs, count, review.count, answerBytes))
