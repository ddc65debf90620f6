import Foundation
import TandemAPI
import TandemAdoption
import Testing
@testable import TandemWebhook

/// The claim `PodTemplateShape` (TandemAdoption) rests on, and the webhook's reading of it from the request text:
/// for generated pods of every kind the injector meets — metadata and annotations absent, null, objects or not,
/// lists absent, null, empty or full, items named like what the sidecar adds or not, the marker there or not,
/// every restartPolicy — `InjectorMutator`'s answer from the shape (`patch(reading:)`) is the injector's full
/// answer on the whole pod (`patch(pod:)`), patch bytes or error text alike, in both modes.
@Suite struct PodTemplateShapeTests {
    /// SplitMix64: a fixed sequence, so a failure names a pod that fails again.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func pick<T>(_ choices: [T]) -> T {
            choices[Int(next() % UInt64(choices.count))]
        }
    }

    static let sidecars = [
        // The shipper of the adoption tests: a command, a volume of its own.
        """
        {"container": {"name": "shipper", "image": "fluent-bit:3.1", "command": ["/fluent-bit/bin/fluent-bit"],
                       "volumeMounts": [{"name": "shipper-config", "mountPath": "/etc/shipper"}]},
         "volumes": [{"name": "shipper-config", "configMap": {"name": "shipper-config"}}]}
        """,
        // Universal mode with the copy step (a third name), probes and a hostPort it must leave out.
        """
        {"container": {"name": "proxy", "image": "envoy:1.31", "command": ["envoy"], "args": ["-c", "/etc/envoy.yaml"],
                       "ports": [{"containerPort": 15001, "hostPort": 15001}],
                       "readinessProbe": {"exec": {"command": ["true"]}}},
         "universal": {"copyShellFrom": "busybox:1.36"}}
        """,
        // No command: universal mode fails for every pod, with one error.
        """
        {"name": "bare", "image": "bare:1"}
        """,
    ]

    /// Names the generated items take: ordinary ones, and every name the sidecars above add.
    static let names = ["app", "web", "shipper", "shipper-config", "shipper-universal", "proxy", "proxy-shell",
                        "proxy-universal", "proxy-fallback", "bare", "bare-universal"]

    static func item(_ random: inout Generator) -> JSONValue {
        switch random.next() % 8 {
        case 0: .string("not-an-object")
        case 1: .object(["image": .string("no-name")])
        case 2: .object(["name": .number(5)])
        default: .object(["name": .string(random.pick(names)), "image": .string("image:1")])
        }
    }

    static func list(_ random: inout Generator) -> JSONValue? {
        switch random.next() % 6 {
        case 0: nil
        case 1: .null
        case 2: .array([])
        case 3: .string("not-a-list")
        default: .array((0..<(1 + random.next() % 3)).map { _ in item(&random) })
        }
    }

    static func pod(_ random: inout Generator, marker: String) -> JSONValue {
        var spec: [String: JSONValue] = [:]
        for field in ["initContainers", "containers", "volumes"] { spec[field] = list(&random) }
        spec["restartPolicy"] = random.pick([nil, .string("Always"), .string("Never"), .string("OnFailure"), .number(3)])
        let annotations: JSONValue? = random.pick([
            nil, .null, .object([:]), .object(["team": .string("a")]), .object([marker: .string("native")]),
            .string("not-an-object"),
        ])
        var metadata: [String: JSONValue] = ["generateName": .string("web-")]
        metadata["annotations"] = annotations
        var pod: [String: JSONValue] = ["apiVersion": .string("v1"), "kind": .string("Pod")]
        pod["metadata"] = random.pick([nil, .null, .string("not-an-object"), .object(metadata), .object(metadata)])
        pod["spec"] = random.next() % 16 == 0 ? random.pick([nil, .null, .array([])]) : .object(spec)
        return .object(pod)
    }

    /// The answer as bytes or an error text, so two answers compare whole.
    static func outcome(_ answer: () throws -> AdmissionMutation) -> String {
        do {
            switch try answer() {
            case .alreadyInjected: return "already injected"
            case let mutation: return "patch " + (mutation.base64Patch ?? "none")
            }
        } catch {
            return "error \(error)"
        }
    }

    @Test(arguments: SidecarMode.allCases)
    func answerFromTheShapeIsTheInjectorsAnswer(mode: SidecarMode) throws {
        var random = Generator(state: mode == .native ? 1 : 2)
        var shaped = 0
        var unshaped = 0
        for text in Self.sidecars {
            let definition = try SidecarDefinition(parsing: JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
            let mutator = InjectorMutator(sidecar: definition)
            let names = SidecarInjector(sidecar: definition, mode: mode == .native ? .native : .universal).shapeNames()
            for _ in 0..<400 {
                let pod = Self.pod(&random, marker: mutator.markerAnnotation)
                let tape = try JSONTape(Data(JSONTextWriter.bytes(pod))).root
                let full = Self.outcome { try mutator.patch(pod: pod, mode: mode) }
                let fromShape = Self.outcome { try mutator.patch(reading: tape, mode: mode) }
                // Compared whole, reported short: a patch runs to kilobytes of base64.
                let same = fromShape == full
                #expect(same, "pod \(String(decoding: JSONTextWriter.bytes(pod), as: UTF8.self)): from the shape \(fromShape.prefix(160))…, in full \(full.prefix(160))…")
                let shape = names.flatMap { PodTemplateShape(of: tape, addedNames: $0, markerAnnotation: mutator.markerAnnotation) }
                #expect(shape == names.flatMap { PodTemplateShape(of: pod, addedNames: $0, markerAnnotation: mutator.markerAnnotation) })
                if shape == nil { unshaped += 1 } else { shaped += 1 }
            }
        }
        // Both paths were taken, many times each (a generator that stopped making one kind would show here;
        // universal mode has no shapes for the sidecar without a command).
        #expect(shaped > 150)
        #expect(unshaped > 300)
    }

    @Test func shapeNamesAreEveryNameTheInjectorAdds() throws {
        let definition = try SidecarDefinition(parsing: JSONDecoder().decode(JSONValue.self, from: Data(Self.sidecars[1].utf8)))
        #expect(SidecarInjector(sidecar: definition, mode: .native).shapeNames() == ["proxy"])
        #expect(SidecarInjector(sidecar: definition, mode: .universal).shapeNames()
                == ["proxy", "proxy-shell", "proxy-universal", "proxy-fallback"])
        #expect(SidecarInjector(sidecar: definition, mode: .native, after: "app").shapeNames() == nil)
    }

    @Test func skeletonHasWhatTheShapeSays() {
        let shape = PodTemplateShape(hasMetadata: true, hasAnnotations: true, hasInitContainers: false,
                                     hasContainers: true, hasVolumes: true, restartPolicyAlways: false)
        #expect(shape.skeleton == .object([
            "metadata": .object(["annotations": .object([:])]),
            "spec": .object(["containers": .array([]), "volumes": .array([]), "restartPolicy": .string("Never")]),
        ]))
        let bare = PodTemplateShape(hasMetadata: false, hasAnnotations: true, hasInitContainers: false,
                                    hasContainers: false, hasVolumes: false, restartPolicyAlways: true)
        #expect(bare.skeleton == .object(["spec": .object([:])]))
        #expect(!bare.hasAnnotations)
    }
}
