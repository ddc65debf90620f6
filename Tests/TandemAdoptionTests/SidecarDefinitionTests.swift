import TandemAPI
import TandemAdoption
import Testing

@Suite struct SidecarDefinitionTests {
    @Test func aBareContainerIsADefinition() throws {
        let definition = try SidecarDefinition(parsing: json("{name: proxy, image: envoy, ports: [{containerPort: 15001}]}"))
        #expect(definition == (try SidecarDefinition(container: ["name": .string("proxy"), "image": .string("envoy"),
                                                              "ports": .array([.object(["containerPort": .number(15001)])])])))
        #expect(definition.universal == UniversalOptions(shell: .image(path: "/bin/sh"), restartWaitSeconds: 10))
    }

    @Test func theLongFormCarriesVolumesAndUniversalOptions() throws {
        let definition = try SidecarDefinition(parsing: json("""
            container: {name: proxy, image: gcr.io/distroless/static, command: [/proxy]}
            volumes: [{name: certs, secret: {secretName: certs}}]
            universal: {copyShellFrom: busybox:1.36.1-musl, restartWaitSeconds: 3}
            """))
        #expect(definition.volumes == [["name": .string("certs"), "secret": .object(["secretName": .string("certs")])]])
        #expect(definition.universal == UniversalOptions(shell: .copy(fromImage: "busybox:1.36.1-musl"), restartWaitSeconds: 3))
    }

    @Test func badDefinitionsSayWhatIsWrong() throws {
        let cases: [(String, String)] = [
            ("[a]", "sidecar: expected a Container or an object with \"container:\", got a list"),
            ("{image: envoy}", "sidecar: the container needs a \"name\""),
            ("{name: proxy}", "sidecar: container \"proxy\" needs an \"image\""),
            ("{container: {name: p, image: i}, extra: 1}", "sidecar: unknown field \"extra\" (expected container, volumes, universal)"),
            ("{container: {name: p, image: i}, volumes: [{emptyDir: {}}]}", "sidecar: volumes[0] needs a \"name\""),
            ("{container: {name: p, image: i}, universal: {shell: sh}}", "sidecar: \"universal.shell\" must be an absolute path"),
            ("{container: {name: p, image: i}, universal: {shell: /bin/sh, copyShellFrom: b}}",
             "sidecar: set either \"universal.shell\" or \"universal.copyShellFrom\", not both"),
            ("{container: {name: p, image: i}, universal: {restartWaitSeconds: 0.5}}",
             "sidecar: \"universal.restartWaitSeconds\" must be a whole number from 1 to 600"),
        ]
        for (text, message) in cases {
            #expect(throws: InjectionError(message)) { try SidecarDefinition(parsing: json(text)) }
        }
    }
}

@Suite struct SidecarInjectorUniversalTests {
    @Test func distrolessImagesGetAStaticBusyboxCopiedInFirst() throws {
        let sidecar = try SidecarDefinition(parsing: json("""
            container: {name: proxy, image: gcr.io/distroless/static, command: [/proxy], args: [--port, "15001"],
                        readinessProbe: {exec: {command: [/proxy, check]}}, ports: [{containerPort: 15001, hostPort: 15001}]}
            universal: {copyShellFrom: busybox:1.36.1-musl}
            """))
        let spec = try json("{restartPolicy: Always, initContainers: [{name: first, image: f}], containers: [{name: app, image: a}]}")
        let result = try SidecarInjector(sidecar: sidecar, mode: .universal).patch(podSpec: spec, at: "/spec")
        #expect(result.operations.map { "\($0.op.rawValue) \($0.path)" } == [
            "add /spec/initContainers/0", "add /spec/initContainers/1", "add /spec/containers/-", "add /spec/volumes",
        ])
        #expect(result.operations[0].value == .object([
            "name": .string("proxy-shell"),
            "image": .string("busybox:1.36.1-musl"),
            "command": .array([.string("/bin/cp"), .string("/bin/busybox"), .string("/tandem-universal/busybox")]),
            "volumeMounts": .array([.object(["name": .string("proxy-universal"), "mountPath": .string("/tandem-universal")])]),
        ]))
        let sidecarInit = try #require(result.operations[1].value?.object)
        let command = try #require(sidecarInit["command"]?.array)
        #expect(Array(command.prefix(3)) == [.string("/tandem-universal/busybox"), .string("sh"), .string("-c")])
        guard case .string(let script)? = command.dropFirst(3).first else { throw InjectionError("no script") }
        #expect(script.contains("\nt=/tandem-universal/busybox\n"))
        #expect(!script.contains("$(") && !script.contains("$$"))
        #expect(sidecarInit["args"] == .array([.string("/proxy"), .string("--port"), .string("15001")]))
        #expect(sidecarInit["readinessProbe"] == nil)
        #expect(sidecarInit["restartPolicy"] == .string("Always"))
        let fallback = try #require(result.operations[2].value?.object)
        #expect(fallback["readinessProbe"] == nil)
        #expect(fallback["ports"] == .array([.object(["containerPort": .number(15001)])]))
        #expect(result.operations[3].value == .array([.object(["name": .string("proxy-universal"), "emptyDir": .object([:])])]))
        #expect(result.notes == [
            "universal: readinessProbe left out of init container \"proxy\": an API server without native sidecars rejects them on init containers",
            "universal: exec readinessProbe left out of container \"proxy-fallback\": it would run where the sidecar is not",
            "universal: hostPort left out of container \"proxy-fallback\": two containers cannot bind one host port",
        ])
    }
}
