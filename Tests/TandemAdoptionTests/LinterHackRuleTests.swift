import Testing
import TandemAdoption

/// `startup-wait-hack` and `shutdown-hack`: positive and negative cases, whole findings compared.
@Suite struct LinterHackRuleTests {
    @Test func sleepBeforeExecIsAStartupWaitHack() throws {
        let yaml = pod("""
          initContainers:
        \(goodSidecar)
          containers:
          - name: app
            image: app:1
            command: ["sh", "-c", "sleep 5 && exec ./server"]
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """)
        #expect(try lint(yaml) == [
            "16:27 warning startup-wait-hack spec.containers[0].command[2] | \"app\" waits for a helper by hand: \"sleep 5\" | make the helper a native sidecar with a startupProbe on what the wait checks, and drop the wait",
        ])
    }

    @Test func aPlainShellCommandIsNoHack() throws {
        let yaml = pod("""
          containers:
          - name: app
            image: app:1
            command: ["sh", "-c", "until [ -f /ready ]; do echo waiting; done; exec ./server"]
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """)
        #expect(try lint(yaml) == [])
    }

    @Test func sleepingPreStopOnANativeSidecarAndKubexitOnAMain() throws {
        let yaml = pod("""
          initContainers:
          - name: proxy
            image: envoyproxy/envoy:v1.30.1
            restartPolicy: Always
            lifecycle:
              preStop:
                sleep: {seconds: 5}
            resources:
              requests: {cpu: 10m, memory: 16Mi}
              limits: {memory: 64Mi}
          containers:
          - name: app
            image: app:1
            command: ["kubexit", "./server"]
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """)
        #expect(try lint(yaml) == [
            "11:7 warning shutdown-hack spec.initContainers[0].lifecycle.preStop | sidecar \"proxy\" outlives the main containers with a preStop that only sleeps (\"sleep: {seconds: 5}\") | remove the preStop: the kubelet stops native sidecars only after every main container has exited",
            "19:15 warning shutdown-hack spec.containers[0].command[0] | \"app\" uses kubexit to stop together with its peers (\"kubexit ./server\") | make the helpers native sidecars and drop kubexit",
        ])
    }

    @Test func aSleepingPreStopOnAMainIsNotAHack() throws {
        // Mains commonly sleep in preStop to let endpoints deregister; that is not a sidecar workaround.
        let yaml = pod("""
          containers:
          - name: app
            image: app:1
            lifecycle:
              preStop:
                exec: {command: ["sleep", "5"]}
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """)
        #expect(try lint(yaml) == [])
    }

    @Test func istioHoldAnnotationOnADeploymentTemplate() throws {
        let yaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        spec:
          selector: {matchLabels: {app: d}}
          template:
            metadata:
              labels: {app: d}
              annotations:
                sidecar.istio.io/holdApplicationUntilProxyStarts: "true"
            spec:
              containers:
              - name: app
                image: app:1
                resources:
                  requests: {cpu: 500m, memory: 256Mi}
        """
        #expect(try lint(yaml) == [
            "11:9 warning startup-wait-hack spec.template.metadata.annotations[sidecar.istio.io/holdApplicationUntilProxyStarts] | Istio holds the application until the proxy starts (\"sidecar.istio.io/holdApplicationUntilProxyStarts: true\"): unless Istio injects its proxy as a native sidecar (where it ignores the hold), the proxy is a regular container and the hold is a postStart hook on it | use Istio's native sidecar mode (ENABLE_NATIVE_SIDECARS): the proxy then runs as an init container with restartPolicy: Always and a startupProbe on \"http://localhost:15021/healthz/ready\"; drop the annotation",
        ])
    }

    /// The new user's batch Job: no helper in the pod, and the sleep is a step of the work.
    @Test func aSleepInAPodWithoutHelpersIsNoHack() throws {
        let job = """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: batch}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: work
                image: busybox
                command: ["sh", "-c", "echo working; sleep 2; echo finished"]
                resources:
                  requests: {cpu: 500m, memory: 256Mi}
        """
        #expect(try lint(job) == [])
        // Even first in the script: with nothing else in the pod, a sleep waits for nothing.
        #expect(try lint(job.replacingOccurrences(of: "echo working; sleep 2; echo finished", with: "sleep 5 && exec ./server")) == [])
    }

    @Test func aSleepBetweenStepsIsNoHackEvenWithASidecar() throws {
        let yaml = pod("""
          initContainers:
        \(goodSidecar)
          containers:
          - name: app
            image: app:1
            command: ["sh", "-c", "echo working; sleep 2; exec ./server"]
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """)
        #expect(try lint(yaml) == [])
    }

    @Test func aSleepFirstInAnInitContainerCountsOnlyAfterASidecar() throws {
        let waiter = """
          - name: setup
            image: app:1
            command: ["sh", "-c", "sleep 3; exec ./setup"]
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """
        let main = """
          containers:
          - name: app
            image: app:1
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """
        #expect(try lint(pod("  initContainers:\n\(waiter)\n\(goodSidecar)\n\(main)")) == [])
        #expect(try lint(pod("  initContainers:\n\(goodSidecar)\n\(waiter)\n\(main)")) == [
            "15:27 warning startup-wait-hack spec.initContainers[1].command[2] | \"setup\" waits for a helper by hand: \"sleep 3\" | make the helper a native sidecar with a startupProbe on what the wait checks, and drop the wait",
        ])
    }

    /// `until nc -z postgres 5432` waits for another service, which no sidecar replaces.
    @Test func aWaitForAnotherHostIsNoHelperWait() throws {
        let yaml = pod("""
          initContainers:
          - name: wait-for-db
            image: busybox
            command: ["sh", "-c", "until nc -z postgres.db.svc 5432; do sleep 2; done"]
          containers:
          - name: app
            image: app:1
            command: ["sh", "-c", "until curl -fsS http://orders:8080/ready; do sleep 1; done; exec ./server"]
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """)
        #expect(try lint(yaml) == [])
    }

    /// With native sidecars Istio ignores the hold switch (its injection template sets
    /// `$holdProxy` only when not `$nativeSidecar`): the proxy's startupProbe holds the app.
    @Test func istioHoldWithTheProxyAsANativeSidecar() throws {
        let proxy = """
          initContainers:
          - name: istio-proxy
            image: docker.io/istio/proxyv2:1.22.0
            restartPolicy: Always
            resources:
              requests: {cpu: 10m, memory: 16Mi}
              limits: {memory: 64Mi}
        """
        let probe = """
            startupProbe:
              httpGet: {path: /healthz/ready, port: 15021}
              periodSeconds: 2
              failureThreshold: 15
        """
        let app = """
          containers:
          - name: app
            image: app:1
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """
        let annotations = "  annotations:\n    sidecar.istio.io/holdApplicationUntilProxyStarts: \"true\"\n"
        #expect(try lint(pod("\(proxy)\n\(probe)\n\(app)", annotations: annotations)) == [])
        #expect(try lint(pod("\(proxy)\n\(app)", annotations: annotations)) == [
            "6:5 warning startup-wait-hack metadata.annotations[sidecar.istio.io/holdApplicationUntilProxyStarts] | Istio holds the application until the proxy starts (\"sidecar.istio.io/holdApplicationUntilProxyStarts: true\"), but \"istio-proxy\" is a native sidecar without a startupProbe: Istio ignores the hold for native sidecars, where the proxy's startupProbe is what holds the application | add a startupProbe on \"http://localhost:15021/healthz/ready\" to \"istio-proxy\" and drop the annotation",
        ])
    }
}
