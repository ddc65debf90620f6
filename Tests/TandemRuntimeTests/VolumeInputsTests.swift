import Testing
import TandemAPI
import struct TandemOS.BindMount
@testable import TandemRuntime

/// The pure parts of volumes and identities: payloads, mounts, env from the store, the
/// runAsNonRoot check, start-up notes.
@Suite struct VolumeInputsTests {
    func store() throws -> ConfigStore {
        var store = ConfigStore()
        try store.add(ConfigMap(metadata: ObjectMeta(name: "cfg", namespace: "shop"),
                                data: ["a": "1", "b": "2"], binaryData: ["bin": "AAEC"]))
        try store.add(Secret(metadata: ObjectMeta(name: "sec", namespace: "shop"),
                             data: ["pw": "czNjcjN0", "token": "b2xk"], stringData: ["token": "new"]))
        return store
    }

    let shopPod = Pod(metadata: ObjectMeta(name: "web", namespace: "shop", uid: "u1", labels: ["app": "web"]))

    @Test func secretDataIsBase64AndStringDataWinsAndBadBase64IsGosError() throws {
        let store = try store()
        #expect(store.secret(namespace: "shop", name: "sec") == ["pw": Array("s3cr3t".utf8), "token": Array("new".utf8)])
        #expect(store.secret(namespace: "default", name: "sec") == nil)
        var broken = ConfigStore()
        #expect(throws: ConfigStoreError(message: "illegal base64 data at input byte 2")) {
            try broken.add(Secret(metadata: ObjectMeta(name: "x"), data: ["k": "ab!d"]))
        }
    }

    @Test func configMapVolumeWritesEveryKeyOrTheItemsWithTheirModes() throws {
        let store = try store()
        let all = VolumePayload.configMap(ConfigMapVolumeSource(name: "cfg"), store: store, namespace: "shop")
        #expect(try all.get() == [
            "a": .init(data: Array("1".utf8), mode: 0o644), "b": .init(data: Array("2".utf8), mode: 0o644),
            "bin": .init(data: [0, 1, 2], mode: 0o644),
        ])
        let items = VolumePayload.configMap(ConfigMapVolumeSource(
            name: "cfg", items: [KeyToPath(key: "a", path: "dir/a.txt", mode: 0o600), KeyToPath(key: "bin", path: "b")],
            defaultMode: 0o444), store: store, namespace: "shop")
        #expect(try items.get() == ["dir/a.txt": .init(data: Array("1".utf8), mode: 0o600), "b": .init(data: [0, 1, 2], mode: 0o444)])
        let missingKey = VolumePayload.configMap(ConfigMapVolumeSource(name: "cfg", items: [KeyToPath(key: "z", path: "z")]),
                                                 store: store, namespace: "shop")
        #expect(missingKey == .failure(VolumeError("configmap references non-existent config key: z")))
        let missing = VolumePayload.configMap(ConfigMapVolumeSource(name: "nope"), store: store, namespace: "shop")
        #expect(missing == .failure(VolumeError(#"configmap "nope" not found"#)))
        let optional = VolumePayload.configMap(ConfigMapVolumeSource(name: "nope", optional: true), store: store, namespace: "shop")
        #expect(optional == .success([:]))
        let secretKey = VolumePayload.secret(SecretVolumeSource(secretName: "sec", items: [KeyToPath(key: "z", path: "z")]),
                                             store: store, namespace: "shop")
        #expect(secretKey == .failure(VolumeError("references non-existent secret key: z")))
    }

    @Test func projectedCombinesSourcesAndTheTokenIsAWellFormedFake() throws {
        let source = ProjectedVolumeSource(sources: [
            VolumeProjection(serviceAccountToken: ServiceAccountTokenProjection(path: "token")),
            VolumeProjection(configMap: ObjectProjection(name: "kube-root-ca.crt", items: [KeyToPath(key: "ca.crt", path: "ca.crt")])),
            VolumeProjection(downwardAPI: DownwardAPIProjection(items: [
                DownwardAPIVolumeFile(path: "namespace", fieldRef: ObjectFieldSelector(fieldPath: "metadata.namespace"))])),
            VolumeProjection(secret: ObjectProjection(name: "sec", items: [KeyToPath(key: "pw", path: "pw", mode: 0o400)])),
        ], defaultMode: 0o420)
        let files = try VolumePayload.projected(source, store: try store(), context: .init(pod: shopPod)).get()
        #expect(files.keys.sorted() == ["ca.crt", "namespace", "pw", "token"])
        #expect(files["namespace"] == .init(data: Array("shop".utf8), mode: 0o420))
        #expect(files["pw"] == .init(data: Array("s3cr3t".utf8), mode: 0o400))
        let certificate = String(decoding: files["ca.crt"]?.data ?? [], as: UTF8.self)
        #expect(certificate.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        let token = String(decoding: files["token"]?.data ?? [], as: UTF8.self).split(separator: ".")
        #expect(token.count == 3)
        #expect(token.last == "ZmFrZQ")
    }

    @Test func envReadsTheStoreWithTheKubeletsErrors() throws {
        let store = try store()
        let container = Container(name: "app", envFrom: [
            EnvFromSource(prefix: "X_", configMapRef: OptionalObjectReference(name: "cfg")),
            EnvFromSource(secretRef: OptionalObjectReference(name: "gone", optional: true)),
        ], env: [
            EnvVar(name: "A", valueFrom: EnvVarSource(configMapKeyRef: KeySelector(name: "cfg", key: "a"))),
            EnvVar(name: "PW", valueFrom: EnvVarSource(secretKeyRef: KeySelector(name: "sec", key: "pw"))),
            EnvVar(name: "REF", value: "$(X_b)-$(A)"),
        ])
        let resolved = ContainerEnvironment.resolve(container, in: .init(pod: shopPod, store: store))
        #expect(resolved == .success(["X_a=1", "X_b=2", "A=1", "PW=s3cr3t", "REF=2-1"]))
        func failure(_ source: EnvVarSource) -> String? {
            let one = Container(name: "app", env: [EnvVar(name: "V", valueFrom: source)])
            guard case .failure(let error) = ContainerEnvironment.resolve(one, in: .init(pod: shopPod, store: store)) else { return nil }
            return error.message
        }
        #expect(failure(EnvVarSource(configMapKeyRef: KeySelector(name: "cfg", key: "z"))) == "couldn't find key z in ConfigMap shop/cfg")
        #expect(failure(EnvVarSource(secretKeyRef: KeySelector(name: "sec", key: "z"))) == "couldn't find key z in Secret shop/sec")
        #expect(failure(EnvVarSource(configMapKeyRef: KeySelector(name: "none", key: "z"))) == #"configmap "none" not found"#)
        #expect(failure(EnvVarSource(configMapKeyRef: KeySelector(name: "cfg", key: "z", optional: true))) == nil)
    }

    @Test func mountsAreReadOnlyForAPIDataAndFollowSubPathAndSubPathExpr() {
        let pod = Pod(spec: PodSpec(volumes: [
            Volume(name: "cfg", configMap: .object(["name": .string("cfg")])),
            Volume(name: "scratch", emptyDir: EmptyDirVolumeSource()),
            Volume(name: "claim", persistentVolumeClaim: .object(["claimName": .string("data")])),
        ]))
        let container = Container(name: "app", volumeMounts: [
            VolumeMount(name: "cfg", mountPath: "/etc/cfg"),
            VolumeMount(name: "scratch", readOnly: true, mountPath: "/ro"),
            VolumeMount(name: "scratch", mountPath: "/logs", subPathExpr: "$(POD_NAME)/logs"),
            VolumeMount(name: "cfg", mountPath: "/etc/a.txt", subPath: "a"),
            VolumeMount(name: "claim", mountPath: "/data"),
        ])
        let mounts = ContainerMounts.resolve(container, in: pod, directories: ["cfg": "/v/cfg", "scratch": "/v/scratch"],
                                             environment: ["POD_NAME=web-1"])
        #expect(mounts == .success([
            BindMount(source: "/v/cfg", target: "/etc/cfg", readOnly: true),
            BindMount(source: "/v/scratch", target: "/ro", readOnly: true),
            BindMount(source: "/v/scratch/web-1/logs", target: "/logs", readOnly: false),
            BindMount(source: "/v/cfg/a", target: "/etc/a.txt", readOnly: true),
        ]))
        #expect(PodNotes.lines(for: pod, mappedVolumes: [], runsAsRoot: true) == [
            #"volume "claim" (persistentVolumeClaim) is not supported; its mounts are left out (--volume claim=DIR mounts a host directory instead)"#,
        ])
        #expect(PodNotes.lines(for: pod, mappedVolumes: ["claim"], runsAsRoot: true) == [])
    }

    @Test func runAsNonRootRefusesRootWithTheKubeletsText() {
        let pod = Pod(metadata: ObjectMeta(name: "web", uid: "u1"),
                      spec: PodSpec(securityContext: PodSecurityContext(runAsNonRoot: true, supplementalGroups: [3000, 2000], fsGroup: 2000)))
        let plain = Container(name: "app")
        #expect(ContainerIdentity.resolve(plain, in: pod, defaultUser: nil, ownUser: 0, switchUsers: true) == .failure(
            ContainerEnvironmentError(containerName: "app",
                                      message: #"container has runAsNonRoot and image will run as root (pod: "web_default(u1)", container: app)"#)))
        #expect(ContainerIdentity.resolve(plain, in: pod, defaultUser: 1000, ownUser: 0, switchUsers: true)
                == .success(ContainerIdentity(user: 1000, group: nil, supplementaryGroups: [2000, 3000])))
        #expect(ContainerIdentity.resolve(plain, in: pod, defaultUser: nil, ownUser: 1000, switchUsers: false)
                == .success(ContainerIdentity()))
        let rootUser = Container(name: "app", securityContext: SecurityContext(runAsUser: 0, runAsGroup: 5))
        #expect(ContainerIdentity.resolve(rootUser, in: pod, defaultUser: 1000, ownUser: 0, switchUsers: true) == .failure(
            ContainerEnvironmentError(containerName: "app",
                                      message: #"container's runAsUser breaks non-root policy (pod: "web_default(u1)", container: app)"#)))
    }
}
