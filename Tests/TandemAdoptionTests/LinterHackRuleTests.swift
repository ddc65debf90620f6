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
            "11:9 warning startup-wait-hack spec.template.metadata.annotations[sidecar.istio.io/holdApplicationUntilProxyStarts] | Istio holds the application until the proxy starts (\"sidecar.istio.io/holdApplicationUntilProxyStarts: true\"): the proxy is a regular container and the hold is a postStart hook on it | use Istio's native sidecar mode (ENABLE_NATIVE_SIDECARS): the proxy then runs as an init container with restartPolicy: Always and a startupProbe on \"http://localhost:15021/healthz/ready\"; drop the annotation",
        ])
    }
}
