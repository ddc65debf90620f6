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
