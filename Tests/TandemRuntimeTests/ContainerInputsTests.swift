import Testing
import TandemAPI
@testable import TandemRuntime

@Suite struct VariableExpansionTests {
    // expand_test.go's table, verbatim.
    static let cases: [(String, String)] = [
        ("$(VAR_A)", "A"), ("$(VAR_A)-$(VAR_A)", "A-A"), ("$(VAR_A)-1", "A-1"), ("___$(VAR_B)___", "___B___"),
        ("___$(VAR_C)", "___C"), ("$(VAR_A)_$(VAR_B)_$(VAR_C)", "A_B_C"), ("$$(VAR_B)_$(VAR_A)", "$(VAR_B)_A"),
        ("$$(VAR_A)_$$(VAR_B)", "$(VAR_A)_$(VAR_B)"), ("f000-$$VAR_A", "f000-$VAR_A"), ("foo\\$(VAR_C)bar", "foo\\Cbar"),
        ("foo\\\\$(VAR_C)bar", "foo\\\\Cbar"), ("foo\\\\\\\\$(VAR_A)bar", "foo\\\\\\\\Abar"),
        ("$(VAR_A$(VAR_B))", "$(VAR_A$(VAR_B))"), ("$(VAR_A$(VAR_B)", "$(VAR_A$(VAR_B)"), ("$(VAR_REF)", "$(VAR_A)"),
        ("%%$(VAR_REF)--$(VAR_REF)%%", "%%$(VAR_A)--$(VAR_A)%%"), ("foo$(VAR_EMPTY)bar", "foobar"),
        ("foo$(VAR_Awhoops!", "foo$(VAR_Awhoops!"), ("f00__(VAR_A)__", "f00__(VAR_A)__"), ("$?_boo_$!", "$?_boo_$!"),
        ("$VAR_A", "$VAR_A"), ("$(VAR_DNE)", "$(VAR_DNE)"), ("$$$$$$(BIG_MONEY)", "$$$(BIG_MONEY)"),
        ("$$$$$$(VAR_A)", "$$$(VAR_A)"), ("$$$$$$$(GOOD_ODDS)", "$$$$(GOOD_ODDS)"), ("$$$$$$$(VAR_A)", "$$$A"),
        ("$VAR_A)", "$VAR_A)"), ("${VAR_A}", "${VAR_A}"), ("$(VAR_B)_______$(A", "B_______$(A"),
        ("$(VAR_C)_______$(", "C_______$("), ("$(VAR_A)foobarzab$", "Afoobarzab$"), ("foo-\\$(VAR_A", "foo-\\$(VAR_A"),
        ("--$($($($($--", "--$($($($($--"), ("$($($($($--foo$(", "$($($($($--foo$("), ("foo0--$($($($(", "foo0--$($($($("),
        ("$(foo$$var)", "$(foo$$var)"), ("\n", "\n"),
    ]

    @Test func kubernetesTable() {
        let single = VariableExpansion.mappingFor(["VAR_A": "A", "VAR_B": "B", "VAR_C": "C", "VAR_REF": "$(VAR_A)", "VAR_EMPTY": ""])
        let dual = VariableExpansion.mappingFor(["VAR_A": "A", "VAR_EMPTY": ""], ["VAR_B": "B", "VAR_C": "C", "VAR_REF": "$(VAR_A)"])
        for (input, expected) in Self.cases {
            #expect(VariableExpansion.expand(input, mapping: single) == expected, "\(input)")
            #expect(VariableExpansion.expand(input, mapping: dual) == expected, "\(input)")
        }
    }
}

@Suite struct ContainerEnvironmentTests {
    let pod = Pod(metadata: ObjectMeta(name: "web", namespace: "shop", uid: "1234", labels: ["app": "web"], annotations: ["team": "a"]),
                  spec: PodSpec(nodeName: "node-1"))
    let node = NodeAllocatable(cpuCores: 4, memoryBytes: 8 * 1024 * 1024 * 1024, ephemeralStorageBytes: 1000)

    @Test func envInOrderWithReferencesAndFieldRefs() throws {
        let container = Container(name: "app", env: [
            EnvVar(name: "FOO", value: "bar"),
            EnvVar(name: "ZOO", value: "$(FOO)-1"),
            EnvVar(name: "BLU", value: "$(ZOO)-2 $(LATER)"),
            EnvVar(name: "LATER", value: "x"),
            EnvVar(name: "POD", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: "metadata.name"))),
            EnvVar(name: "NS", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: "metadata.namespace"))),
            EnvVar(name: "UID", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: "metadata.uid"))),
            EnvVar(name: "APP", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: "metadata.labels['app']"))),
            EnvVar(name: "TEAM", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: "metadata.annotations['team']"))),
            EnvVar(name: "IP", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: "status.podIP"))),
            EnvVar(name: "NODE", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: "spec.nodeName"))),
            EnvVar(name: "FOO", value: "again"),
        ])
        let environment = try ContainerEnvironment.resolve(container, in: .init(pod: pod, node: node, baseEnvironment: ["PATH=/bin"])).get()
        #expect(environment == ["PATH=/bin", "FOO=again", "ZOO=bar-1", "BLU=bar-1-2 $(LATER)", "LATER=x", "POD=web", "NS=shop",
                                "UID=1234", "APP=web", "TEAM=a", "IP=127.0.0.1", "NODE=node-1"])
    }

    @Test func resourceFieldRefUsesLimitsOrNodeAllocatable() throws {
        func ref(_ resource: String, _ divisor: String? = nil) -> EnvVarSource {
            EnvVarSource(resourceFieldRef: ResourceFieldSelector(resource: resource, divisor: divisor.map { try! Quantity(parsing: $0) }))
        }
        let container = Container(name: "app", env: [
            EnvVar(name: "CPU_LIMIT", valueFrom: ref("limits.cpu")),
            EnvVar(name: "MEM_LIMIT_MI", valueFrom: ref("limits.memory", "1Mi")),
            EnvVar(name: "CPU_REQUEST_M", valueFrom: ref("requests.cpu", "1m")),
            EnvVar(name: "MEM_REQUEST", valueFrom: ref("requests.memory")),
        ], resources: ResourceRequirements(limits: ["memory": try Quantity(parsing: "64Mi")], requests: ["cpu": try Quantity(parsing: "250m")]))
        let environment = try ContainerEnvironment.resolve(container, in: .init(pod: pod, node: node)).get()
        #expect(environment == ["CPU_LIMIT=4", "MEM_LIMIT_MI=64", "CPU_REQUEST_M=250", "MEM_REQUEST=67108864"])
    }

    @Test func resourceFieldRefRoundsUpAfterDividing() throws {
        func ref(_ resource: String, _ divisor: String) -> EnvVarSource {
            EnvVarSource(resourceFieldRef: ResourceFieldSelector(resource: resource, divisor: try! Quantity(parsing: divisor)))
        }
        // The kubelet's ceil(value / divisor): 250m of 1 core is 1, 64Mi of 1G is 1, a zero divisor counts as 1.
        let container = Container(name: "app", env: [
            EnvVar(name: "CPU_REQUEST", valueFrom: ref("requests.cpu", "1")),
            EnvVar(name: "MEM_LIMIT_G", valueFrom: ref("limits.memory", "1G")),
            EnvVar(name: "MEM_LIMIT_ZERO", valueFrom: ref("limits.memory", "0")),
            EnvVar(name: "CPU_LIMIT_M", valueFrom: ref("limits.cpu", "1m")),
        ], resources: ResourceRequirements(limits: ["memory": try Quantity(parsing: "64Mi")], requests: ["cpu": try Quantity(parsing: "250m")]))
        let environment = try ContainerEnvironment.resolve(container, in: .init(pod: pod, node: node)).get()
        #expect(environment == ["CPU_REQUEST=1", "MEM_LIMIT_G=1", "MEM_LIMIT_ZERO=67108864", "CPU_LIMIT_M=4000"])
    }

    @Test func missingConfigMapsAndSecretsAreErrorsUnlessOptional() {
        let fromConfigMap = Container(name: "app", envFrom: [EnvFromSource(configMapRef: OptionalObjectReference(name: "settings"))])
        #expect(throws: ContainerEnvironmentError(containerName: "app", message: "configmap \"settings\" not found")) {
            try ContainerEnvironment.resolve(fromConfigMap, in: .init(pod: pod, node: node)).get()
        }
        let keyRef = Container(name: "app", env: [EnvVar(name: "K", valueFrom: EnvVarSource(secretKeyRef: KeySelector(name: "creds", key: "k")))])
        let error = ContainerEnvironmentError(containerName: "app", message: "secret \"creds\" not found")
        #expect(error.description == "container \"app\": secret \"creds\" not found")
        #expect(throws: error) { try ContainerEnvironment.resolve(keyRef, in: .init(pod: pod, node: node)).get() }
        let optional = Container(name: "app",
                                 envFrom: [EnvFromSource(configMapRef: OptionalObjectReference(name: "x", optional: true))],
                                 env: [EnvVar(name: "K", valueFrom: EnvVarSource(configMapKeyRef: KeySelector(name: "y", key: "k", optional: true)))])
        #expect((try? ContainerEnvironment.resolve(optional, in: .init(pod: pod, node: node)).get()) == [])
    }
}

@Suite struct ContainerCommandTests {
    let environment = ["PATH=/usr/bin:/bin", "GREETING=hello"]

    @Test func commandAndArgsWithExpansion() throws {
        let container = Container(name: "app", image: "busybox", command: ["sh", "-c"], args: ["echo $(GREETING) $$(GREETING)"])
        let argv = try ContainerCommand.resolve(container, environment: environment).get()
        #expect(argv.first?.hasSuffix("/sh") == true)
        #expect(Array(argv.dropFirst()) == ["-c", "echo hello $(GREETING)"])
    }

    @Test func imageNameIsTheProgram() throws {
        #expect(ContainerCommand.programName(ofImage: "docker.io/envoyproxy/envoy:v1.30.1") == "envoy")
        #expect(ContainerCommand.programName(ofImage: "localhost:5000/tools/sleep@sha256:abc") == "sleep")
        let container = Container(name: "s", image: "library/sleep:1.0", args: ["1"])
        let argv = try ContainerCommand.resolve(container, environment: environment).get()
        #expect(argv.first?.hasSuffix("/sleep") == true)
        #expect(argv.last == "1")
    }

    @Test func imageCommandMapping() throws {
        let container = Container(name: "proxy", image: "docker.io/envoyproxy/envoy:v1.30.1", args: ["-c", "x"])
        let argv = try ContainerCommand.resolve(container, environment: environment,
                                                imageCommands: ["envoyproxy/envoy:v1.30.1": "/bin/true"]).get()
        #expect(argv == ["/bin/true", "-c", "x"])
    }

    @Test func unknownImageProgramNamesTheRemedy() {
        let container = Container(name: "proxy", image: "envoyproxy/envoy:v1.30.1")
        #expect(throws: CommandResolutionError(message: "container \"proxy\": image \"envoyproxy/envoy:v1.30.1\" has no command and no program \"envoy\" was found on PATH; set command: or pass --image-command envoyproxy/envoy:v1.30.1=/path/to/program")) {
            try ContainerCommand.resolve(container, environment: ["PATH=/nonexistent"]).get()
        }
    }
}
