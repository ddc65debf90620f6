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
        #expect(LegacySidecars.find(in: spec, isJob: false) == [
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
        #expect(LegacySidecars.find(in: two, isJob: false) == [])
        let one = PodSpec(containers: [Container(name: "envoy", image: "envoyproxy/envoy:v1.30.1")])
        #expect(LegacySidecars.find(in: one, isJob: false) == [])
    }

    @Test func neverEndingSecondContainerCountsOnlyInJobs() {
        let spec = PodSpec(containers: [
            Container(name: "work", image: "busybox", command: ["sh", "-c", "make"]),
            Container(name: "keeper", image: "busybox", command: ["sh", "-c", "while true; do sleep 5; done"]),
            Container(name: "tail", image: "busybox", command: ["tail", "-f", "/var/log/x"]),
        ])
        #expect(LegacySidecars.find(in: spec, isJob: true) == [
            LegacySidecarMatch(containerName: "keeper", index: 1, reason: .neverExitsInJob),
            LegacySidecarMatch(containerName: "tail", index: 2, reason: .neverExitsInJob),
        ])
        #expect(LegacySidecars.find(in: spec, isJob: false) == [])
    }

    @Test func aPodOfHelpersOnlyKeepsItsFirstContainerAsTheMain() {
        let spec = PodSpec(containers: [
            Container(name: "envoy", image: "envoyproxy/envoy:v1.30.1"),
            Container(name: "otel", image: "otel/opentelemetry-collector-contrib:0.98.0"),
        ])
        #expect(LegacySidecars.find(in: spec, isJob: false) == [
            LegacySidecarMatch(containerName: "otel", index: 1, reason: .wellKnownImage("opentelemetry-collector-contrib")),
        ])
    }
}
