import TandemAPI
import TandemAdoption
import TandemManifest
import Testing

/// YAML text as free-form JSON (the shape the webhook receives).
func json(_ yaml: String) throws -> JSONValue {
    try #require(try RawManifest.decode(text: yaml, file: "test").first).json
}

var shipper: SidecarDefinition {
    get throws { try SidecarDefinition(parsing: json(shipperText)) }
}

let shipperText = """
    container:
      name: shipper
      image: fluent-bit:3.1
      command: [/fluent-bit/bin/fluent-bit]
      args: [-c, /etc/shipper/shipper.conf]
      volumeMounts: [{name: shipper-config, mountPath: /etc/shipper}]
    volumes:
    - {name: shipper-config, configMap: {name: shipper-config}}
    """

@Suite struct SidecarInjectorNativeTests {
    let pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers: [{name: app, image: nginx, unknownField: kept}]
        """

    @Test func addsTheInitContainersListAndVolumesWhenAbsent() throws {
        let spec = try #require(try json(pod).object?["spec"])
        let result = try SidecarInjector(sidecar: try shipper, mode: .native).patch(podSpec: spec, at: "/spec")
        #expect(result == InjectionResult(operations: [
            .add(JSONPointer(tokens: ["spec", "initContainers"]), try json("""
                - name: shipper
                  image: fluent-bit:3.1
                  command: [/fluent-bit/bin/fluent-bit]
                  args: [-c, /etc/shipper/shipper.conf]
                  volumeMounts: [{name: shipper-config, mountPath: /etc/shipper}]
                  restartPolicy: Always
                """)),
            .add(JSONPointer(tokens: ["spec", "volumes"]), try json("[{name: shipper-config, configMap: {name: shipper-config}}]")),
        ], alreadyInjected: false, notes: []))
    }

    @Test func insertsFirstOrAfterANamedInitContainerAndAppendsVolumes() throws {
        let spec = try json("""
            initContainers: [{name: migrate, image: m}, {name: warm, image: w}]
            containers: [{name: app, image: nginx}]
            volumes: [{name: data, emptyDir: {}}]
            """)
        let first = try SidecarInjector(sidecar: try shipper, mode: .native).patch(podSpec: spec, at: "/spec/template/spec")
        #expect(first.operations.map(\.path.description) == ["/spec/template/spec/initContainers/0", "/spec/template/spec/volumes/-"])
        #expect(first.operations.map(\.op) == [.add, .add])
        let after = try SidecarInjector(sidecar: try shipper, mode: .native, after: "migrate").patch(podSpec: spec, at: "/spec")
        #expect(after.operations.map(\.path.description) == ["/spec/initContainers/1", "/spec/volumes/-"])
        #expect(throws: InjectionError("no init container \"nope\" to inject after")) {
            try SidecarInjector(sidecar: try shipper, mode: .native, after: "nope").patch(podSpec: spec, at: "/spec")
        }
    }

    @Test func injectingTwiceChangesNothing() throws {
        let document = try json(pod)
        let injector = SidecarInjector(sidecar: try shipper, mode: .native)
        let once = try JSONPatchOperation.apply(try injector.patch(podTemplate: document, at: "").operations, to: document)
        let again = try injector.patch(podTemplate: once, at: "")
        #expect(again == InjectionResult(operations: [], alreadyInjected: true,
                                         notes: ["\"shipper\" is already injected (annotation \"sidecar.tandem.dev/shipper\")"]))
        // Without the annotation (the spec alone), identical containers and volumes are recognised too.
        let spec = try #require(once.object?["spec"])
        #expect(try injector.patch(podSpec: spec, at: "/spec") == InjectionResult(operations: [], alreadyInjected: true, notes: ["\"shipper\" is already injected"]))
    }

    @Test func podTemplateGetsTheMarkerAnnotationEscapedInThePointer() throws {
        let deployment = try json("""
            spec:
              template:
                metadata: {labels: {app: web}, annotations: {team: a}}
                spec: {containers: [{name: app, image: nginx}], initContainers: []}
            """)
        let template = try #require(deployment.object?["spec"]?.object?["template"])
        let result = try SidecarInjector(sidecar: try shipper, mode: .native).patch(podTemplate: template, at: "/spec/template")
        #expect(JSONPatchOperation.json(result.operations) == """
            [{"op":"add","path":"/spec/template/spec/initContainers/0","value":{"args":["-c","/etc/shipper/shipper.conf"],"command":["/fluent-bit/bin/fluent-bit"],"image":"fluent-bit:3.1","name":"shipper","restartPolicy":"Always","volumeMounts":[{"mountPath":"/etc/shipper","name":"shipper-config"}]}},\
            {"op":"add","path":"/spec/template/spec/volumes","value":[{"configMap":{"name":"shipper-config"},"name":"shipper-config"}]},\
            {"op":"add","path":"/spec/template/metadata/annotations/sidecar.tandem.dev~1shipper","value":"native"}]
            """)
        let bare = try json("spec: {containers: [{name: app, image: nginx}]}")
        let added = try SidecarInjector(sidecar: try shipper, mode: .native).patch(podTemplate: bare, at: "")
        #expect(added.operations.last == .add(JSONPointer(tokens: ["metadata"]), .object(["annotations": .object(["sidecar.tandem.dev/shipper": .string("native")])])))
    }

    @Test func aDifferentContainerOfThatNameIsAnErrorUnlessReplace() throws {
        let spec = try json("""
            initContainers: [{name: shipper, image: old}]
            containers: [{name: app, image: nginx}]
            """)
        #expect(throws: InjectionError("container \"shipper\" already exists in initContainers with a different definition (use --replace to replace it)")) {
            try SidecarInjector(sidecar: try shipper, mode: .native).patch(podSpec: spec, at: "/spec")
        }
        let replaced = try SidecarInjector(sidecar: try shipper, mode: .native, replace: true).patch(podSpec: spec, at: "/spec")
        #expect(replaced.operations.map { "\($0.op.rawValue) \($0.path)" } == ["replace /spec/initContainers/0", "add /spec/volumes"])

        let regular = try json("containers: [{name: app, image: nginx}, {name: shipper, image: old}]")
        #expect(throws: InjectionError("container \"shipper\" already exists in containers (use --replace to replace it)")) {
            try SidecarInjector(sidecar: try shipper, mode: .native).patch(podSpec: regular, at: "/spec")
        }
        let moved = try SidecarInjector(sidecar: try shipper, mode: .native, replace: true).patch(podSpec: regular, at: "/spec")
        #expect(moved.operations.map { "\($0.op.rawValue) \($0.path)" } == ["remove /spec/containers/1", "add /spec/initContainers", "add /spec/volumes"])
    }

    @Test func aDifferentVolumeOfThatNameIsAnError() throws {
        let spec = try json("""
            containers: [{name: app, image: nginx}]
            volumes: [{name: shipper-config, emptyDir: {}}]
            """)
        #expect(throws: InjectionError("volume \"shipper-config\" already exists with a different definition (use --replace to replace it)")) {
            try SidecarInjector(sidecar: try shipper, mode: .native).patch(podSpec: spec, at: "/spec")
        }
    }

    @Test func badSpecsAreOneLineErrors() throws {
        #expect(throws: InjectionError("spec: expected a pod spec object, got a list")) {
            try SidecarInjector(sidecar: try shipper, mode: .native).patch(podSpec: .array([]), at: "/spec")
        }
        #expect(throws: InjectionError("spec.initContainers: expected a list, got a string")) {
            try SidecarInjector(sidecar: try shipper, mode: .native).patch(podSpec: .object(["initContainers": .string("x")]), at: "/spec")
        }
    }
}

extension JSONValue {
    var object: [String: JSONValue]? {
        if case .object(let object) = self { return object }
        return nil
    }
}
