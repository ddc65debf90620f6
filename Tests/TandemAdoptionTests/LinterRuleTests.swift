import Foundation
import Testing
import TandemAdoption

/// One positive and one negative case per rule, comparing every finding whole.
@Suite struct LinterRuleTests {
    let app = """
      - name: app
        image: app:1
        resources:
          requests: {cpu: 500m, memory: 256Mi}
    """

    // MARK: invalid

    @Test func invalidReportsTheAPIServerErrorOnceAndNothingElse() throws {
        let yaml = pod("""
          containers:
          - name: app
            image: app:1
            restartPolicy: Always
          - name: envoy
            image: envoyproxy/envoy:v1.30.1
        """)
        #expect(try lint(yaml) == [
            "9:5 error invalid spec.containers[0].restartPolicy | spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers | correct the field as the message says",
        ])
    }

    @Test func aValidPodIsNotInvalid() throws {
        #expect(try lint(pod("  containers:\n\(app)")) == [])
    }

    // MARK: native-sidecar-unsupported

    @Test func nativeSidecarsNeedTheGateOn128AndDoNotExistBefore() throws {
        let yaml = pod("  initContainers:\n\(goodSidecar)\n  containers:\n\(app)")
        #expect(try lint(yaml, LintConfiguration(kubernetesMinor: 28)) == [
            "9:5 error native-sidecar-unsupported spec.initContainers[0].restartPolicy | native sidecar \"proxy\" needs the SidecarContainers feature gate on Kubernetes 1.28 (alpha, off by default); without it the API server drops restartPolicy and the container never lets the pod start | target 1.29 or later, or enable the SidecarContainers feature gate on 1.28",
        ])
        #expect(try lint(yaml, LintConfiguration(kubernetesMinor: 27)) == [
            "9:5 error native-sidecar-unsupported spec.initContainers[0].restartPolicy | native sidecar \"proxy\" needs Kubernetes 1.28 or later; 1.27 has no restartPolicy on containers | target 1.29 or later, or enable the SidecarContainers feature gate on 1.28",
        ])
        #expect(try lint(yaml, LintConfiguration(kubernetesMinor: 29)) == [])
    }

    // MARK: legacy-sidecar

    @Test func legacySidecarInADeploymentAndInAJob() throws {
        let podYAML = pod("  containers:\n\(app)\n  - name: otel\n    image: otel/opentelemetry-collector-contrib:0.98.0")
        #expect(try lint(podYAML) == [
            "11:5 warning legacy-sidecar spec.containers[1] | container \"otel\" is a long-running helper (its image is \"opentelemetry-collector-contrib\") declared as a regular container: it starts in parallel with the main containers and gets SIGTERM with them | move \"otel\" to initContainers with restartPolicy: Always (tandem convert does this)",
        ])
        let job = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: j
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: work
                image: busybox
                command: ["sh", "-c", "make"]
              - name: keeper
                image: busybox
                command: ["sleep", "infinity"]
        """
        #expect(try lint(job) == [
            "13:9 warning legacy-sidecar spec.template.spec.containers[1] | container \"keeper\" is a long-running helper (its command never exits) declared as a regular container: in a Job it never exits, so the pod never completes | move \"keeper\" to initContainers with restartPolicy: Always (tandem convert does this)",
        ])
    }

    @Test func twoOrdinaryContainersAreNotLegacySidecars() throws {
        #expect(try lint(pod("  containers:\n\(app)\n  - name: worker\n    image: app:1\n    command: [./worker]")) == [])
    }

    // MARK: sidecar resources

    @Test func sidecarWithoutRequestsAndMemoryLimit() throws {
        let yaml = pod("""
          initContainers:
          - name: proxy
            image: envoyproxy/envoy:v1.30.1
            restartPolicy: Always
            resources:
              requests: {cpu: 10m}
          containers:
        \(app)
        """)
        #expect(try lint(yaml) == [
            "10:5 warning sidecar-without-requests spec.initContainers[0].resources | sidecar \"proxy\" has no memory request; it runs beside every main container, so the pod's effective request undercounts it | set resources.requests.cpu and resources.requests.memory on the sidecar",
            "10:5 info sidecar-without-memory-limit spec.initContainers[0].resources | sidecar \"proxy\" has no memory limit | set resources.limits.memory on the sidecar",
        ])
    }

    @Test func sidecarThatOutweighsTheMain() throws {
        let yaml = pod("""
          initContainers:
          - name: proxy
            image: envoyproxy/envoy:v1.30.1
            restartPolicy: Always
            resources:
              requests: {cpu: "1", memory: 16Mi}
              limits: {memory: 64Mi}
          containers:
        \(app)
        """)
        #expect(try lint(yaml) == [
            "11:18 warning sidecar-dominates-requests spec.initContainers[0].resources.requests.cpu | sidecar \"proxy\" requests cpu 1, more than the largest main container (500m) | size the sidecar from its own usage, below the main containers'",
        ])
    }

    @Test func wellSizedSidecarHasNoResourceFinding() throws {
        #expect(try lint(pod("  initContainers:\n\(goodSidecar)\n  containers:\n\(app)")) == [])
    }

    // MARK: sidecar-without-startup-probe / init-uses-later-sidecar

    @Test func laterContainerUsingASidecarPortNeedsAStartupProbe() throws {
        let yaml = pod("""
          initContainers:
          - name: db-proxy
            image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.4
            restartPolicy: Always
            args: ["--port=5432", "p:r:i"]
            resources:
              requests: {cpu: 10m, memory: 16Mi}
              limits: {memory: 64Mi}
          containers:
          - name: app
            image: app:1
            env:
            - name: DATABASE_URL
              value: postgres://u@127.0.0.1:5432/db
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """)
        #expect(try lint(yaml) == [
            "7:5 warning sidecar-without-startup-probe spec.initContainers[0] | sidecar \"db-proxy\" has no startupProbe, but \"app\" declared after it connects to its port 5432 and may start before it listens | add a startupProbe (httpGet or tcpSocket on port 5432) to \"db-proxy\"",
        ])
        let probed = yaml.replacingOccurrences(of: "    restartPolicy: Always\n", with: "    restartPolicy: Always\n    startupProbe:\n      tcpSocket: {port: 5432}\n")
        #expect(try lint(probed) == [])
    }

    @Test func initContainerBeforeTheSidecarItUses() throws {
        let yaml = pod("""
          initContainers:
          - name: migrate
            image: migrate:1
            command: ["sh", "-c", "migrate -url postgres://localhost:5432/db up"]
          - name: db-proxy
            image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.4
            restartPolicy: Always
            ports: [{containerPort: 5432}]
            startupProbe:
              tcpSocket: {port: 5432}
            resources:
              requests: {cpu: 10m, memory: 16Mi}
              limits: {memory: 64Mi}
          containers:
        \(app)
        """)
        #expect(try lint(yaml) == [
            "7:5 error init-uses-later-sidecar spec.initContainers[0] | init container \"migrate\" connects to port 5432 of sidecar \"db-proxy\", which is declared after it and not started yet | move \"db-proxy\" before \"migrate\" in initContainers",
        ])
        // In the right order there is nothing to say.
        let reordered = pod("""
          initContainers:
          - name: db-proxy
            image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.4
            restartPolicy: Always
            ports: [{containerPort: 5432}]
            startupProbe:
              tcpSocket: {port: 5432}
            resources:
              requests: {cpu: 10m, memory: 16Mi}
              limits: {memory: 64Mi}
          - name: migrate
            image: migrate:1
            command: ["sh", "-c", "migrate -url postgres://localhost:5432/db up"]
          containers:
        \(app)
        """)
        #expect(try lint(reordered) == [])
    }

    // MARK: startup-budget

    @Test func startupProbesAndPostStartOverTheBudget() throws {
        let yaml = pod("""
          initContainers:
          - name: proxy
            image: envoyproxy/envoy:v1.30.1
            restartPolicy: Always
            startupProbe:
              httpGet: {path: /ready, port: 9901}
              initialDelaySeconds: 5
              periodSeconds: 5
              failureThreshold: 6
            resources:
              requests: {cpu: 10m, memory: 16Mi}
              limits: {memory: 64Mi}
          containers:
          - name: app
            image: app:1
            lifecycle:
              postStart:
                sleep: {seconds: 10}
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """)
        #expect(try lint(yaml) == [
            "10:5 warning startup-budget spec.initContainers[0].startupProbe | start-up can be held back 45s, over the 30s budget: \"proxy\" startupProbe 5+5×6=35s + \"app\" postStart 10s | shorten the probes' periods or failure thresholds, or the hooks; or raise thresholds.startupBudgetSeconds",
        ])
        #expect(try lint(yaml, LintConfiguration(startupBudgetSeconds: 45)) == [])
    }

    // MARK: termination-budget

    @Test func preStopChainOverTheGracePeriodShowsTheChain() throws {
        let yaml = pod("""
          terminationGracePeriodSeconds: 20
          initContainers:
          - name: proxy
            image: envoyproxy/envoy:v1.30.1
            restartPolicy: Always
            lifecycle:
              preStop:
                exec: {command: ["/bin/sh", "-c", "curl -s localhost:9901/drain"]}
            resources:
              requests: {cpu: 10m, memory: 16Mi}
              limits: {memory: 64Mi}
          containers:
          - name: app
            image: app:1
            lifecycle:
              preStop:
                sleep: {seconds: 12}
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """)
        // Servers that drain for 5 s after SIGTERM.
        let draining = LintConfiguration(assumedExitSeconds: 5)
        #expect(try lint(yaml, draining) == [
            "6:3 warning termination-budget spec.terminationGracePeriodSeconds | shutdown needs 22s, terminationGracePeriodSeconds is 20 (\"proxy\" SIGKILLed): 0s proxy preStop → 0s app preStop → 12s app SIGTERM → 17s app exited → 17s proxy SIGTERM → 20s proxy SIGKILL | set terminationGracePeriodSeconds to at least 22, or shorten the preStop hooks",
        ])
        #expect(try lint(yaml.replacingOccurrences(of: "Seconds: 20", with: "Seconds: 22"), draining) == [])
        // With the default 2 s from SIGTERM to exit the chain needs 16 s and fits.
        #expect(try lint(yaml) == [])
    }

    // MARK: probes

    @Test func sidecarProbeMistakes() throws {
        let yaml = pod("""
          initContainers:
          - name: proxy
            image: envoyproxy/envoy:v1.30.1
            restartPolicy: Always
            livenessProbe:
              httpGet: {path: /ready, port: 9901}
              failureThreshold: 1
            readinessProbe:
              httpGet: {path: /ready, port: 9901}
              failureThreshold: 1
            startupProbe:
              httpGet: {path: /ready, port: 9901}
              periodSeconds: 2
              timeoutSeconds: 2
            resources:
              requests: {cpu: 10m, memory: 16Mi}
              limits: {memory: 64Mi}
          containers:
        \(app)
        """)
        #expect(try lint(yaml) == [
            "10:5 warning probe-liveness-equals-readiness spec.initContainers[0].livenessProbe | sidecar \"proxy\" has a livenessProbe identical to its readinessProbe: one slow moment restarts it instead of marking it unready | make liveness more lenient (a higher failureThreshold or a cheaper check) than readiness",
            "12:7 info probe-single-failure-restart spec.initContainers[0].livenessProbe.failureThreshold | livenessProbe of sidecar \"proxy\" restarts it after a single failure | use failureThreshold 3 (the default) or more",
        ])
    }

    @Test func readinessTimeoutNotBelowPeriodButStartupProbesAreLeftAlone() throws {
        let yaml = pod("""
          containers:
          - name: app
            image: app:1
            readinessProbe:
              httpGet: {path: /ready, port: 8080}
              periodSeconds: 5
              timeoutSeconds: 5
            startupProbe:
              httpGet: {path: /ready, port: 8080}
              periodSeconds: 1
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """)
        #expect(try lint(yaml) == [
            "12:7 warning probe-timeout-not-below-period spec.containers[0].readinessProbe.timeoutSeconds | readinessProbe of \"app\" has timeoutSeconds 5, not below periodSeconds 5 | keep timeoutSeconds below periodSeconds",
        ])
    }

    @Test func sensibleSidecarProbesPass() throws {
        let yaml = pod("""
          initContainers:
          - name: proxy
            image: envoyproxy/envoy:v1.30.1
            restartPolicy: Always
            livenessProbe:
              httpGet: {path: /server_info, port: 9901}
              failureThreshold: 5
            readinessProbe:
              httpGet: {path: /ready, port: 9901}
            startupProbe:
              httpGet: {path: /ready, port: 9901}
              periodSeconds: 2
            resources:
              requests: {cpu: 10m, memory: 16Mi}
              limits: {memory: 64Mi}
          containers:
        \(app)
        """)
        #expect(try lint(yaml) == [])
    }

    // MARK: suppression

    @Test func suppressionWithReasonSilencesAndWithoutReasonIsAFinding() throws {
        let sidecar = """
          initContainers:
          - name: proxy
            image: envoyproxy/envoy:v1.30.1
            restartPolicy: Always
            resources:
              requests: {cpu: 10m, memory: 16Mi}
          containers:
        \(app)
        """
        let reasoned = pod(sidecar, annotations: "  annotations:\n    lint.tandem.dev/ignore: \"sidecar-without-memory-limit: sized by VPA\"\n")
        #expect(try lint(reasoned) == [])
        let bare = pod(sidecar, annotations: "  annotations:\n    lint.tandem.dev/ignore: \"sidecar-without-memory-limit, no-such-rule: x\"\n")
        #expect(try lint(bare) == [
            "6:5 warning suppression-without-reason metadata.annotations[lint.tandem.dev/ignore] | suppression of \"sidecar-without-memory-limit\" gives no reason, so it is not applied | write the entry as rule-id: reason, entries separated by commas or new lines",
            "6:5 warning suppression-without-reason metadata.annotations[lint.tandem.dev/ignore] | suppression names no known rule: \"no-such-rule\" | write the entry as rule-id: reason, entries separated by commas or new lines",
            "12:5 info sidecar-without-memory-limit spec.initContainers[0].resources | sidecar \"proxy\" has no memory limit | set resources.limits.memory on the sidecar",
        ])
    }

    @Test func configurationDisablesAndChangesSeverity() throws {
        let yaml = pod("""
          initContainers:
          - name: proxy
            image: envoyproxy/envoy:v1.30.1
            restartPolicy: Always
            resources:
              requests: {cpu: 10m, memory: 16Mi}
          containers:
        \(app)
        """)
        #expect(try lint(yaml, LintConfiguration(disabled: ["sidecar-without-memory-limit"])) == [])
        #expect(try lint(yaml, LintConfiguration(severities: ["sidecar-without-memory-limit": .error])) == [
            "10:5 error sidecar-without-memory-limit spec.initContainers[0].resources | sidecar \"proxy\" has no memory limit | set resources.limits.memory on the sidecar",
        ])
    }

    @Test func otherKindsAreSkipped() throws {
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n---\n" + pod("  containers:\n\(app)")
        #expect(try lint(yaml) == [])
    }
}

@Suite struct LinterVersionTests {
    @Test func terminationBudgetOn128SaysOrderedTerminationNeeds129() throws {
        let yaml = pod("""
          terminationGracePeriodSeconds: 5
          initContainers:
        \(goodSidecar)
          containers:
          - name: app
            image: app:1
            lifecycle:
              preStop:
                sleep: {seconds: 4}
            resources:
              requests: {cpu: 500m, memory: 256Mi}
        """)
        #expect(try lint(yaml, LintConfiguration(kubernetesMinor: 28)) == ["6:3 warning termination-budget spec.terminationGracePeriodSeconds | shutdown needs 8s, terminationGracePeriodSeconds is 5 (\"proxy\" stopped before the main containers ended): 0s app preStop → 4s app SIGTERM → 5s proxy SIGTERM → 6s app exited → 7s proxy exited (ordered sidecar termination needs Kubernetes 1.29) | set terminationGracePeriodSeconds to at least 8, or shorten the preStop hooks",
            "10:5 error native-sidecar-unsupported spec.initContainers[0].restartPolicy | native sidecar \"proxy\" needs the SidecarContainers feature gate on Kubernetes 1.28 (alpha, off by default); without it the API server drops restartPolicy and the container never lets the pod start | target 1.29 or later, or enable the SidecarContainers feature gate on 1.28",
        ])
    }
}
