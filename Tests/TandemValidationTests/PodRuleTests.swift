import Testing
import TandemAPI
@testable import TandemValidation

/// One case per rule: field path, type and (for the key ones) exact message text.
struct PodRuleTests {
    static func pod(name: String? = "web", _ configure: (inout PodSpec) -> Void) -> Pod {
        var spec = PodSpec(containers: [Container(name: "app", image: "nginx")])
        configure(&spec)
        return Pod(metadata: ObjectMeta(name: name), spec: spec)
    }

    static func messages(_ pod: Pod, options: PodValidation.Options = .init()) -> [String] {
        PodValidation.validate(pod: pod, options: options).map(\.description)
    }

    @Test func minimalPodIsValid() {
        #expect(PodValidation.validate(pod: Self.pod { _ in }).isEmpty)
    }

    @Test func containersRequired() {
        #expect(Self.messages(Self.pod { $0.containers = [] }) == ["spec.containers: Required value"])
    }

    @Test func metadataNameRules() {
        #expect(Self.messages(Self.pod(name: nil) { _ in }) == ["metadata.name: Required value: name or generateName is required"])
        let invalid = Self.messages(Self.pod(name: "Web_1") { _ in })
        #expect(invalid.count == 1)
        #expect(invalid.first?.hasPrefix(#"metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of"#) == true)
        var generated = Self.pod(name: nil) { _ in }
        generated.metadata?.generateName = "web-"
        #expect(PodValidation.validate(pod: generated).isEmpty)
    }

    @Test func labelsAndAnnotations() {
        var pod = Self.pod { _ in }
        pod.metadata?.labels = ["app": "-bad", "ok/key": "v"]
        pod.metadata?.annotations = ["a/b/c": "x"]
        let errors = PodValidation.validate(pod: pod)
        #expect(errors.map(\.field) == ["metadata.labels", "metadata.annotations"])
        #expect(errors.allSatisfy { $0.type == .invalid })
    }

    @Test func containerNameAndImage() {
        let errors = PodValidation.validate(pod: Self.pod { $0.containers = [Container(name: ""), Container(name: "a.b", image: "x")] })
        #expect(errors.map(\.description) == [
            "spec.containers[0].name: Required value",
            "spec.containers[0].image: Required value",
            #"spec.containers[1].name: Invalid value: "a.b": must not contain dots"#,
        ])
    }

    @Test func duplicateNamesAcrossInitAndRegular() {
        let errors = PodValidation.validate(pod: Self.pod {
            $0.containers = [Container(name: "app", image: "x"), Container(name: "app", image: "x")]
            $0.initContainers = [Container(name: "app", image: "x"), Container(name: "init", image: "x"), Container(name: "init", image: "x")]
        })
        #expect(errors.map(\.description) == [
            #"spec.containers[1].name: Duplicate value: "app""#,
            #"spec.initContainers[0].name: Duplicate value: "app""#,
            #"spec.initContainers[2].name: Duplicate value: "init""#,
        ])
    }

    @Test func imagePullAndTerminationMessagePolicies() {
        let errors = PodValidation.validate(pod: Self.pod {
            $0.containers = [Container(name: "app", image: "x", terminationMessagePolicy: "Sometimes", imagePullPolicy: "Maybe")]
        })
        #expect(errors.map(\.description) == [
            #"spec.containers[0].terminationMessagePolicy: Unsupported value: "Sometimes": supported values: "File", "FallbackToLogsOnError""#,
            #"spec.containers[0].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never""#,
        ])
    }

    @Test func withoutDefaultingDefaultedFieldsAreRequired() {
        let fields = PodValidation.validate(pod: Self.pod { _ in }, options: .init(applyDefaults: false)).map(\.description)
        #expect(fields == [
            "spec.terminationGracePeriodSeconds: Required value",
            "spec.containers[0].terminationMessagePolicy: Required value",
            "spec.containers[0].imagePullPolicy: Required value",
            "spec.restartPolicy: Required value",
            "spec.dnsPolicy: Required value",
        ])
    }

    @Test func ports() {
        let errors = PodValidation.validate(pod: Self.pod {
            $0.containers = [Container(name: "app", image: "x", ports: [
                ContainerPort(name: "http", containerPort: 80),
                ContainerPort(name: "http", containerPort: 70000, protocol: "ICMP"),
                ContainerPort(name: "Bad--", hostPort: 8080, containerPort: 0),
            ])]
        })
        #expect(errors.map(\.description) == [
            #"spec.containers[0].ports[1].name: Duplicate value: "http""#,
            "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            #"spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP""#,
            #"spec.containers[0].ports[2].name: Invalid value: "Bad--": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"#,
            #"spec.containers[0].ports[2].name: Invalid value: "Bad--": must not contain consecutive hyphens"#,
            #"spec.containers[0].ports[2].name: Invalid value: "Bad--": must not begin or end with a hyphen"#,
            "spec.containers[0].ports[2].containerPort: Required value",
        ])
    }

    @Test func hostPortConflictsAcrossRegularContainersOnly() {
        let port = ContainerPort(hostPort: 8080, containerPort: 80)
        let errors = PodValidation.validate(pod: Self.pod {
            $0.containers = [Container(name: "a", image: "x", ports: [port]), Container(name: "b", image: "x", ports: [port])]
            $0.initContainers = [Container(name: "i", image: "x", ports: [port])]
        })
        #expect(errors.map(\.description) == [#"spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080""#])
    }

    @Test func envNamesAndValueFrom() {
        let errors = PodValidation.validate(pod: Self.pod {
            $0.containers = [Container(name: "app", image: "x", env: [
                EnvVar(name: "A=B", value: "1"),
                EnvVar(name: "", valueFrom: EnvVarSource()),
                EnvVar(name: "C", value: "v", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: "metadata.name"))),
                EnvVar(name: "D", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: "spec.restartPolicy"))),
                EnvVar(name: "E", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: "status.nope"))),
                EnvVar(name: "F", valueFrom: EnvVarSource(configMapKeyRef: KeySelector(name: "cm"))),
                EnvVar(name: "my.env-1", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: "metadata.labels['app']"))),
            ])]
        })
        #expect(errors.map(\.description) == [
            #"spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='"#,
            "spec.containers[0].env[1].name: Required value",
            #"spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"#,
            #"spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty"#,
            #"spec.containers[0].env[3].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs""#,
            #"spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Invalid value: "status.nope": error converting fieldPath: field label not supported: status.nope"#,
            "spec.containers[0].env[5].valueFrom.configMapKeyRef.key: Required value",
        ])
    }

    @Test func volumesAndMounts() {
        let errors = PodValidation.validate(pod: Self.pod {
            $0.volumes = [Volume(name: "data", emptyDir: EmptyDirVolumeSource()), Volume(name: "data", emptyDir: EmptyDirVolumeSource()),
                          Volume(name: "both", emptyDir: EmptyDirVolumeSource(), hostPath: HostPathVolumeSource(path: "/tmp")),
                          Volume(name: "host", hostPath: HostPathVolumeSource(path: "/a/../b", type: "Pipe"))]
            $0.containers = [Container(name: "app", image: "x", volumeMounts: [
                VolumeMount(name: "data", mountPath: "/d"), VolumeMount(name: "missing", mountPath: "/d"),
                VolumeMount(name: "data", mountPath: "/e", subPath: "../x"),
            ])]
        })
        #expect(errors.map(\.description) == [
            #"spec.volumes[1].name: Duplicate value: "data""#,
            "spec.volumes[2].hostPath: Forbidden: may not specify more than 1 volume type",
            #"spec.volumes[3].hostPath.path: Invalid value: "/a/../b": must not contain '..'"#,
            #"spec.volumes[3].hostPath.type: Unsupported value: "Pipe": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket""#,
            #"spec.containers[0].volumeMounts[1].name: Not found: "missing""#,
            #"spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique"#,
            #"spec.containers[0].volumeMounts.subPath: Invalid value: "../x": must not contain '..'"#,
        ])
    }

    @Test func volumeWithoutSourceDefaultsToEmptyDir() {
        #expect(PodValidation.validate(pod: Self.pod { $0.volumes = [Volume(name: "v")] }).isEmpty)
        let raw = PodValidation.validate(pod: Self.pod { $0.volumes = [Volume(name: "v")] }, options: .init(applyDefaults: false))
        #expect(raw.map(\.description).contains("spec.volumes[0]: Required value: must specify a volume type"))
    }

    @Test func resources() {
        let errors = PodValidation.validate(pod: Self.pod {
            $0.containers = [Container(name: "app", image: "x", resources: ResourceRequirements(
                limits: ["cpu": try! Quantity(parsing: "1"), "example.com/gpu": try! Quantity(parsing: "1")],
                requests: ["cpu": try! Quantity(parsing: "2"), "memory": try! Quantity(parsing: "-1Mi"), "example.com/gpu": try! Quantity(parsing: "0.5")]
            ))]
        })
        #expect(errors.map(\.description) == [
            #"spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1"#,
            "spec.containers[0].resources.requests[example.com/gpu]: Invalid value: 500m: must be an integer",
            #"spec.containers[0].resources.requests: Invalid value: "500m": must be equal to example.com/gpu limit of 1"#,
            #"spec.containers[0].resources.requests[memory]: Invalid value: "-1Mi": must be greater than or equal to 0"#,
        ])
    }

    @Test func hugePagesMustBeWholeMultiplesOfThePageSize() {
        func errors(_ amount: String) -> [String] {
            let quantity = try! Quantity(parsing: amount)
            return Self.messages(Self.pod {
                $0.containers = [Container(name: "app", image: "x", resources: ResourceRequirements(
                    limits: ["cpu": try! Quantity(parsing: "1"), "hugepages-2Mi": quantity], requests: ["hugepages-2Mi": quantity]))]
            })
        }
        #expect(errors("4Mi").isEmpty)
        #expect(errors("0").isEmpty)
        #expect(errors("3Mi") == [
            #"spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi"#,
            #"spec.containers[0].resources.requests[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi"#,
        ])
    }

    @Test func emptyDirSizeLimitMustNotBeNegative() {
        func errors(_ limit: String) -> [String] {
            Self.messages(Self.pod {
                $0.volumes = [Volume(name: "v", emptyDir: EmptyDirVolumeSource(sizeLimit: try! Quantity(parsing: limit)))]
            })
        }
        #expect(errors("1Gi").isEmpty)
        #expect(errors("-1") == ["spec.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity"])
    }

    @Test func podLevelFields() {
        let errors = PodValidation.validate(pod: Self.pod {
            $0.restartPolicy = "Sometimes"
            $0.dnsPolicy = "Nope"
            $0.activeDeadlineSeconds = 0
            $0.hostname = "Host"
        })
        #expect(errors.map(\.field) == ["spec.restartPolicy", "spec.dnsPolicy", "spec.activeDeadlineSeconds", "spec.hostname"])
        #expect(errors[0].description == #"spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never""#)
        #expect(errors[2].description == "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive")
    }

    @Test func hostNetworkDefaultsHostPort() {
        let pod = Self.pod {
            $0.hostNetwork = true
            $0.containers = [Container(name: "app", image: "x", ports: [ContainerPort(hostPort: 81, containerPort: 80)])]
        }
        #expect(Self.messages(pod) == ["spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true"])
        let defaulted = Self.pod { $0.hostNetwork = true; $0.containers = [Container(name: "app", image: "x", ports: [ContainerPort(containerPort: 80)])] }
        #expect(PodValidation.validate(pod: defaulted).isEmpty)
    }

    @Test func imageWhitespaceOnlyForPods() {
        #expect(Self.messages(Self.pod { $0.containers = [Container(name: "app", image: " nginx")] })
                == [#"spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace"#])
    }
}
