import Testing
import TandemAPI
@testable import TandemValidation

/// Probes and lifecycle hooks on regular containers, sidecars and regular init containers (spec §1.2–§1.4).
struct HandlerRuleTests {
    static func validate(container: Container, initContainer: Bool = false, grace: Int64? = nil) -> [String] {
        var spec = PodSpec(containers: [Container(name: "main", image: "x")])
        if initContainer { spec.initContainers = [container] } else { spec.containers = [container] }
        spec.terminationGracePeriodSeconds = grace
        return PodValidation.validate(pod: Pod(metadata: ObjectMeta(name: "p"), spec: spec)).map(\.description)
    }

    @Test func twoHandlersForbiddenAtSecond() {
        let probe = Probe(exec: ExecAction(command: ["true"]), tcpSocket: TCPSocketAction(port: .int(80)))
        #expect(Self.validate(container: Container(name: "c", image: "x", readinessProbe: probe))
                == ["spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"])
    }

    @Test func httpGetPortSchemeAndHeaders() {
        let action = HTTPGetAction(port: .string("HTTP"), scheme: "FTP", httpHeaders: [HTTPHeader(name: "Bad Header", value: "v")])
        #expect(Self.validate(container: Container(name: "c", image: "x", livenessProbe: Probe(httpGet: action))) == [
            #"spec.containers[0].livenessProbe.httpGet.port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"#,
            #"spec.containers[0].livenessProbe.httpGet.port: Invalid value: "HTTP": must contain at least one letter (a-z)"#,
            #"spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS""#,
            #"spec.containers[0].livenessProbe.httpGet.httpHeaders: Invalid value: "Bad Header": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"#,
        ])
    }

    @Test func grpcPortAndNegativeTimings() {
        let probe = Probe(grpc: GRPCAction(port: 0), initialDelaySeconds: -1, terminationGracePeriodSeconds: 0)
        #expect(Self.validate(container: Container(name: "c", image: "x", startupProbe: probe)) == [
            "spec.containers[0].startupProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive",
            "spec.containers[0].startupProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
            "spec.containers[0].startupProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0",
        ])
    }

    @Test func probesNeverAcceptSleepButHooksDo() {
        let hook = Lifecycle(preStop: LifecycleHandler(sleep: SleepAction(seconds: 0)))
        #expect(Self.validate(container: Container(name: "c", image: "x", lifecycle: hook)).isEmpty)
    }

    @Test func sleepLongerThanGracePeriod() {
        let hook = Lifecycle(preStop: LifecycleHandler(sleep: SleepAction(seconds: 31)))
        #expect(Self.validate(container: Container(name: "c", image: "x", lifecycle: hook))
                == ["spec.containers[0].lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)"])
        #expect(Self.validate(container: Container(name: "c", image: "x", lifecycle: hook), grace: 31).isEmpty)
        let negative = Lifecycle(postStart: LifecycleHandler(sleep: SleepAction(seconds: -1)))
        #expect(Self.validate(container: Container(name: "c", image: "x", lifecycle: negative), grace: 10)
                == ["spec.containers[0].lifecycle.postStart.sleep: Invalid value: -1: must be non-negative and less than terminationGracePeriodSeconds (10)"])
    }

    @Test func sidecarHooksAndProbesValidatedLikeRegular() {
        let sidecar = Container(name: "s", image: "x", restartPolicy: "Always",
                                readinessProbe: Probe(exec: ExecAction(command: ["true"]), terminationGracePeriodSeconds: 5),
                                lifecycle: Lifecycle(postStart: LifecycleHandler()))
        #expect(Self.validate(container: sidecar, initContainer: true) == [
            "spec.initContainers[0].lifecycle.postStart: Required value: must specify a handler type",
            "spec.initContainers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes",
        ])
    }

    @Test func regularInitContainerForbidsAllFourFields() {
        let probe = Probe(exec: ExecAction(command: ["true"]))
        let container = Container(name: "i", image: "x", livenessProbe: probe, readinessProbe: probe, startupProbe: probe,
                                  lifecycle: Lifecycle(preStop: LifecycleHandler(exec: ExecAction(command: ["true"]))))
        let detail = "Forbidden: may not be set for init containers without restartPolicy=Always"
        #expect(Self.validate(container: container, initContainer: true) == [
            "spec.initContainers[0].lifecycle: \(detail)", "spec.initContainers[0].livenessProbe: \(detail)",
            "spec.initContainers[0].readinessProbe: \(detail)", "spec.initContainers[0].startupProbe: \(detail)",
        ])
    }

    @Test func successThresholdDefaultsToOne() {
        // A raw probe without successThreshold is defaulted to 1, so liveness accepts it.
        #expect(Self.validate(container: Container(name: "c", image: "x", livenessProbe: Probe(exec: ExecAction(command: ["true"])))).isEmpty)
    }
}
