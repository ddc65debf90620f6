import Testing
import TandemAPI
@testable import TandemAdoption

@Suite struct LegacySidecarsTests {
    @Test func wellKnownImagesAndCommandsAreRecognised() {
        let spec = PodSpec(containers: [
            Container(name: "app", image: "registry.example/app:1.2"),
            Container(name: "istio-proxy", image: "docker.io/istio/proxyv2:1.22.0"),
            Container(name: "db", image: "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0@sha256:abc"),
            Container(name: "shipper", image: "busybox", command: ["/usr/local/bin/fluent-bit", "-c", "x"]),
            Container(name: "secrets", image: "hashicorp/vault:1.16", args: ["agent", "-config=/etc/v.hcl"]),
        ])
        #expect(LegacySidecars.find(in: spec, podAnnotations: nil, isJob: false) == [
            LegacySidecarMatch(containerName: "istio-proxy", index: 1, reason: .wellKnownImage("proxyv2")),
            LegacySidecarMatch(containerName: "db", index: 2, reason: .wellKnownImage("cloud-sql-proxy")),
            LegacySidecarMatch(containerName: "shipper", index: 3, reason: .wellKnownCommand("fluent-bit")),
            LegacySidecarMatch(containerName: "secrets", index: 4, reason: .wellKnownCommand("vault agent")),
        ])
    }

    @Test func ordinaryContainersAndSingleContainerPodsAreNotSidecars() {
        let two = PodSpec(containers: [
            Container(name: "app", image: "app:1"),
            Container(name: "worker", image: "app:1", command: ["./worker"]),
            Container(name: "vault", image: "hashicorp/vault:1.16", args: ["server"]),
        ])
        #expect(LegacySidecars.find(in: two, podAnnotations: nil, isJob: false) == [])
        let one = PodSpec(containers: [Container(name: "envoy", image: "envoyproxy/envoy:v1.30.1")])
        #expect(LegacySidecars.find(in: one, podAnnotations: nil, isJob: false) == [])
    }

    @Test func neverEndingSecondContainerCountsOnlyInJobs() {
        let spec = PodSpec(containers: [
            Container(name: "work", image: "busybox", command: ["sh", "-c", "make"]),
            Container(name: "keeper", image: "busybox", command: ["sh", "-c", "while true; do sleep 5; done"]),
            Container(name: "tail", image: "busybox", command: ["tail", "-f", "/var/log/x"]),
        ])
        #expect(LegacySidecars.find(in: spec, podAnnotations: nil, isJob: true) == [
            LegacySidecarMatch(containerName: "keeper", index: 1, reason: .neverExitsInJob),
            LegacySidecarMatch(containerName: "tail", index: 2, reason: .neverExitsInJob),
        ])
        #expect(LegacySidecars.find(in: spec, podAnnotations: nil, isJob: false) == [])
    }

    @Test func aPodOfHelpersOnlyKeepsItsFirstContainerAsTheMain() {
        let spec = PodSpec(containers: [
            Container(name: "envoy", image: "envoyproxy/envoy:v1.30.1"),
            Container(name: "otel", image: "otel/opentelemetry-collector-contrib:0.98.0"),
        ])
        #expect(LegacySidecars.find(in: spec, podAnnotations: nil, isJob: false) == [
            LegacySidecarMatch(containerName: "otel", index: 1, reason: .wellKnownImage("opentelemetry-collector-contrib")),
        ])
    }
}

/// tandem's own universal pairs (`tandem inject --mode universal`) are not legacy sidecars.
@Suite struct UniversalPairsTests {
    /// The pair as `inject --mode universal` writes it, with its marker annotation.
    private let spec = PodSpec(
        initContainers: [Container(name: "fluent-bit", image: "fluent/fluent-bit:3.1", restartPolicy: "Always")],
        containers: [
            Container(name: "work", image: "busybox", command: ["sh", "-c", "echo working"]),
            Container(name: "fluent-bit-fallback", image: "fluent/fluent-bit:3.1"),
        ])
    private let marker = ["sidecar.tandem.dev/fluent-bit": "universal"]

    @Test func theFallbackOfAMarkedPairIsNoLegacySidecar() {
        #expect(UniversalPairs.fallbacks(in: spec, annotations: marker) == [1: "fluent-bit"])
        #expect(LegacySidecars.find(in: spec, podAnnotations: marker, isJob: true) == [])
        #expect(LegacySidecars.find(in: spec, podAnnotations: marker, isJob: false) == [])
    }

    @Test func withoutTheWholeMarkItIsAnOrdinaryContainer() {
        let helper = LegacySidecarMatch(containerName: "fluent-bit-fallback", index: 1, reason: .wellKnownImage("fluent-bit"))
        // No annotation, a native-mode annotation, or no init container of that name.
        #expect(LegacySidecars.find(in: spec, podAnnotations: nil, isJob: true) == [helper])
        #expect(LegacySidecars.find(in: spec, podAnnotations: ["sidecar.tandem.dev/fluent-bit": "native"], isJob: true) == [helper])
        var withoutInit = spec
        withoutInit.initContainers = []
        #expect(LegacySidecars.find(in: withoutInit, podAnnotations: marker, isJob: true) == [helper])
        #expect(UniversalPairs.fallbacks(in: withoutInit, annotations: marker) == [:])
    }
}
