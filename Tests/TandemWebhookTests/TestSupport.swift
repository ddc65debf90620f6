import Foundation
import TandemAPI
import TandemAdoption
@testable import TandemWebhook

/// A mutator that adds `proxy` as the first init container and its marker, for tests of the protocol side alone.
struct FirstInitContainerMutator: AdmissionMutator {
    struct Refusal: Error, CustomStringConvertible {
        var description: String { "spec.containers is missing" }
    }

    var sidecarName: String { "proxy" }
    var markerAnnotation: String { "sidecar.tandem.dev/proxy" }

    func patch(pod: JSONValue, mode: SidecarMode) throws -> AdmissionMutation {
        let pointer = "/spec"
        let podSpec = pod["spec"] ?? .null
        guard podSpec["containers"]?.arrayValue != nil else { throw Refusal() }
        let names = ((podSpec["initContainers"]?.arrayValue ?? []) + (podSpec["containers"]?.arrayValue ?? []))
            .compactMap { $0["name"]?.textValue }
        if names.contains("proxy") { return .alreadyInjected }
        var container: [String: JSONValue] = ["name": .string("proxy"), "image": .string("envoy:1.31")]
        if mode == .native { container["restartPolicy"] = .string("Always") }
        let sidecar: JSONValue = podSpec["initContainers"] != nil
            ? .addOperation(pointer + "/initContainers/0", .object(container))
            : .addOperation(pointer + "/initContainers", .array([.object(container)]))
        let marker = JSONValue.string(mode.rawValue)
        let annotation: JSONValue = pod["metadata"]?["annotations"] != nil
            ? .addOperation("/metadata/annotations/" + JSONValue.pointerToken(markerAnnotation), marker)
            : .addOperation("/metadata/annotations", .object([markerAnnotation: marker]))
        return .operations([sidecar, annotation])
    }
}

enum Fixture {
    static var directory: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures") }

    static func review() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: directory.appendingPathComponent("deployment-pod-review.json")))
    }

    static func data(_ value: JSONValue) throws -> Data {
        try JSONEncoder().encode(value)
    }
}

extension JSONValue {
    /// A copy with the value at `path` (object keys) replaced.
    func setting(_ path: [String], to value: JSONValue?) -> JSONValue {
        guard let key = path.first, case .object(var object) = self else { return self }
        if path.count == 1 {
            object[key] = value
        } else {
            object[key] = (object[key] ?? .object([:])).setting(Array(path.dropFirst()), to: value)
        }
        return .object(object)
    }
}

/// The parts of a handler answer the tests compare: the whole response object and the decoded patch.
struct Answer: Equatable {
    var response: JSONValue
    var patch: JSONValue?
    var outcome: AdmissionOutcome
}

extension AdmissionReviewHandler {
    func answer(_ review: JSONValue) throws -> Answer? {
        guard case .review(let data, let outcome, _) = handle(body: try Fixture.data(review)) else { return nil }
        let root = try JSONDecoder().decode(JSONValue.self, from: data)
        var response = root
        var patch: JSONValue?
        if let encoded = root["response"]?["patch"]?.textValue, let bytes = Data(base64Encoded: encoded) {
            patch = try JSONDecoder().decode(JSONValue.self, from: bytes)
            response = root.setting(["response", "patch"], to: .string("<checked separately>"))
        }
        return Answer(response: response, patch: patch, outcome: outcome)
    }
}
