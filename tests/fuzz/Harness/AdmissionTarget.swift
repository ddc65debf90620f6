import Foundation
import TandemAdoption
import TandemAPI
@testable import TandemWebhook

/// The `admission` target: what the webhook reads from the network, a /mutate body. Each check stops the
/// run (`fatalError`, which libFuzzer reports as a crash and keeps the input) when an invariant fails.
enum AdmissionFuzz {
    /// bench/webhook/sidecar.yaml, the sidecar the webhook benchmark and the server tests inject.
    static let sidecar: SidecarDefinition = {
        let mount = JSONValue.object(["name": .string("shipper-config"), "mountPath": .string("/fluent-bit/etc")])
        let definition = JSONValue.object([
            "container": .object([
                "name": .string("log-shipper"),
                "image": .string("fluent/fluent-bit:3.1"),
                "command": .array([.string("/fluent-bit/bin/fluent-bit")]),
                "args": .array([.string("-c"), .string("/fluent-bit/etc/fluent-bit.conf")]),
                "resources": .object(["requests": .object(["cpu": .string("10m"), "memory": .string("16Mi")])]),
                "volumeMounts": .array([mount]),
            ]),
            "volumes": .array([.object(["name": .string("shipper-config"),
                                        "configMap": .object(["name": .string("shipper-config")])])]),
        ])
        do {
            return try SidecarDefinition(parsing: definition)
        } catch {
            fatalError("fuzz admission: the sidecar definition does not parse: \(error)")
        }
    }()

    static let mutator = InjectorMutator(sidecar: sidecar)
    static let handler = AdmissionReviewHandler(mutator: mutator, policy: AdmissionPolicy(mode: .fixed(.native)))

    static func run(_ bytes: [UInt8]) {
        let data = Data(bytes)
        checkTape(data)
        checkHandler(data)
        checkShapes(data)
    }

    // MARK: (a) JSONTape

    static func checkTape(_ data: Data) {
        let tape: JSONTape
        do {
            tape = try JSONTape(data)
        } catch {
            // JSONTape refuses the text: Foundation must refuse it too, unless it is one of Foundation's
            // extensions to RFC 8259 (UTF-16/32 text, a byte order mark) or nesting at JSONTape's limit.
            // JSONSerialization, not JSONDecoder: the decoder checks a string's contents only when it is
            // decoded, so it accepts a bad string in the value of a duplicate key it never reads.
            if let foundation = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed),
               !foundationOnly(data) {
                fatalError("fuzz admission: JSONTape refuses what Foundation reads as \(foundation)")
            }
            return
        }
        let value = tape.root.value
        guard let parsed = try? JSONTape.parse(data), parsed == value || hasNaN(value) else {
            fatalError("fuzz admission: JSONTape.parse differs from the tape's root value")
        }
        checkInPlace(tape.root)

        if !hasDuplicateKeys(tape.root), let foundation = try? JSONDecoder().decode(JSONValue.self, from: data),
           foundation != value {
            fatalError("fuzz admission: JSONTape reads \(value), Foundation \(foundation)")
        }

        if !hasNonFinite(value) {
            let written = JSONTextWriter.bytes(value)
            guard let again = try? JSONTape.parse(Data(written)) else {
                fatalError("fuzz admission: JSONTextWriter wrote text JSONTape refuses: \(String(decoding: written, as: UTF8.self))")
            }
            if again != value {
                fatalError("fuzz admission: re-reading JSONTextWriter's text gives \(again), not \(value)")
            }
        }
    }

    /// Every in-place read of `node` agrees with the value it builds.
    static func checkInPlace(_ node: JSONTapeValue) {
        let value = node.value
        switch value {
        case .object(let object):
            guard node.jsonKind == .object, node.textValue == nil, node.elements.isEmpty else {
                fatalError("fuzz admission: an object reads as another kind in place")
            }
            let members = node.members
            if Set(members.map(\.key)) != Set(object.keys) {
                fatalError("fuzz admission: an object's members in place are not its built keys")
            }
            for (key, member) in members {
                guard let found = node[key], found.value == object[key] || hasNaN(found.value) else {
                    fatalError("fuzz admission: member \(key.debugDescription) read in place differs from the built one")
                }
                checkInPlace(member)
            }
        case .array(let items):
            let elements = node.elements
            guard node.jsonKind == .array, elements.count == items.count, node["a"] == nil else {
                fatalError("fuzz admission: an array reads differently in place")
            }
            for element in elements { checkInPlace(element) }
        case .string(let text):
            guard node.jsonKind == .string, node.textValue == text else {
                fatalError("fuzz admission: a string reads differently in place")
            }
        case .null: if node.jsonKind != .null { fatalError("fuzz admission: null reads as \(node.jsonKind)") }
        case .bool: if node.jsonKind != .bool { fatalError("fuzz admission: a bool reads as \(node.jsonKind)") }
        case .number: if node.jsonKind != .number { fatalError("fuzz admission: a number reads as \(node.jsonKind)") }
        }
    }

    /// Whether Foundation may read `data` by an extension of RFC 8259 (another encoding than UTF-8, a byte order
    /// mark, a comma before `}` or `]`) or nests near the depth limits (JSONTape's 512, Foundation's own).
    static func foundationOnly(_ data: Data) -> Bool {
        let bytes = Array(data.prefix(4))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            return true
        }
        if bytes.contains(0) { return true }  // UTF-16 or UTF-32 without a byte order mark
        var afterComma = false
        for byte in data {
            if afterComma, byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { return true }
            if byte == UInt8(ascii: ",") {
                afterComma = true
            } else if byte != 0x20, byte != 0x0A, byte != 0x0D, byte != 0x09 {
                afterComma = false
            }
        }
        var depth = 0
        var deepest = 0
        for byte in data where byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: "}") {
            depth += (byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{")) ? 1 : -1
            deepest = max(deepest, depth)
        }
        return deepest >= 500
    }

    static func hasDuplicateKeys(_ node: JSONTapeValue) -> Bool {
        switch node.jsonKind {
        case .object:
            var seen = Set<String>()
            for (key, member) in node.members {
                if !seen.insert(key).inserted || hasDuplicateKeys(member) { return true }
            }
            return false
        case .array: return node.elements.contains(where: hasDuplicateKeys)
        default: return false
        }
    }

    static func hasNaN(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let number): number.isNaN
        case .array(let items): items.contains(where: hasNaN)
        case .object(let object): object.values.contains(where: hasNaN)
        default: false
        }
    }

    static func hasNonFinite(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let number): !number.isFinite
        case .array(let items): items.contains(where: hasNonFinite)
        case .object(let object): object.values.contains(where: hasNonFinite)
        default: false
        }
    }

    // MARK: (b) AdmissionReviewHandler

    /// The shape claim in both modes, on the review's pod (or the text itself as a pod), past the handler's
    /// policy: read in place, the mutator answers as its full path does, patch or refusal.
    static func checkShapes(_ data: Data) {
        guard let root = (try? JSONTape(data))?.root else { return }
        let pod = root["request"]?["object"] ?? root
        for mode in SidecarMode.allCases {
            let shaped = Result { try mutator.patch(reading: pod, mode: mode).base64Patch }
            let full = Result { try mutator.patch(pod: pod.value, mode: mode).base64Patch }
            switch (shaped, full) {
            case (.success(let shaped), .success(let full)) where shaped == full: break
            case (.failure, .failure): break
            default: fatalError("fuzz admission: \(mode) shape answer \(shaped) differs from the full path's \(full)")
            }
        }
    }

    static func checkHandler(_ data: Data) {
        let result = handler.handle(body: data)
        guard case .review(let answer, let outcome, let mode) = result else { return }
        // The answer is JSON the API server reads: an AdmissionReview echoing the request's uid.
        guard let response = (try? JSONTape.parse(answer))?["response"], case .bool(true)? = response["allowed"],
              let tape = try? JSONTape(data), let request = tape.root["request"],
              response["uid"] == .string(request["uid"]?.textValue ?? "") else {
            fatalError("fuzz admission: the answer is not an allowed AdmissionReview with the request's uid: \(String(decoding: answer, as: UTF8.self))")
        }
        guard let patch = response["patch"]?.textValue else {
            if outcome == .injected || mode != nil { fatalError("fuzz admission: injected without a patch") }
            return
        }
        guard outcome == .injected, mode == .native, response["patchType"] == .string("JSONPatch") else {
            fatalError("fuzz admission: a patch without outcome injected, mode native and patchType JSONPatch")
        }
        // The shape claim: the patch answered from the pod's shape is the injector's patch for the whole pod.
        guard let pod = request["object"] else { fatalError("fuzz admission: a patch for a request without object") }
        let full: String?
        do {
            full = try mutator.patch(pod: pod.value, mode: .native).base64Patch
        } catch {
            fatalError("fuzz admission: the webhook patched a pod the injector refuses (\(error))")
        }
        if full != patch {
            let decode = { (text: String?) in text.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? "nil" }
            fatalError("fuzz admission: shape patch \(decode(patch)) differs from the full path's \(decode(full))")
        }
        // The patch applies to the pod (every operation an add whose parent exists).
        if let operations = (try? JSONTape.parse(Data(base64Encoded: patch) ?? Data()))?.arrayValue {
            var document = pod.value
            for operation in operations {
                guard let path = operation["path"]?.textValue, let value = operation["value"],
                      operation["op"] == .string("add"), let pointer = JSONPointer(path) else {
                    fatalError("fuzz admission: a patch operation that is not an add: \(operation)")
                }
                do {
                    document = try JSONPatchOperation.add(pointer, value).apply(to: document)
                } catch {
                    fatalError("fuzz admission: the patch does not apply to the pod: \(error)")
                }
            }
        } else {
            fatalError("fuzz admission: the patch is not base64 JSON")
        }
    }
}
