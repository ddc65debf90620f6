import Foundation
import Testing

/// `tandem feature-check` end to end on metrics shaped like kube-apiserver and kubelet output (tests/checks/feature-check).
@Suite struct FeatureCheckTests {
    /// EKS 1.29 API server, a 1.29 and a 1.28 kubelet (alpha gate off) by metrics, a k3s 1.30 and a 1.27 node from the node list.
    @Test func mixedClusterNamesTheNodesWithoutSidecars() throws {
        let result = try Tandem.run(["feature-check", "--metrics", "tests/checks/feature-check/apiserver-1.29-eks.metrics", "--metrics", "ip-10-0-1-12.eu-west-1.compute.internal=tests/checks/feature-check/kubelet-1.29-eks-beta.metrics", "--metrics", "gke-prod-pool-1-5d1c2a9e-k8xq=tests/checks/feature-check/kubelet-1.28-gke-alpha-off.metrics", "--nodes", "tests/checks/feature-check/nodes-mixed.json"])
        #expect(result.stderr == "")
        #expect(result.status == 1)
        #expect(result.stdout == #"""
            API server "tests/checks/feature-check/apiserver-1.29-eks.metrics" (version v1.29.4-eks-036c24b; from tests/checks/feature-check/apiserver-1.29-eks.metrics): native sidecars work, ordered termination
              gate: SidecarContainers=1 stage="BETA" (tests/checks/feature-check/apiserver-1.29-eks.metrics:47)
              why: SidecarContainers is on (beta, on by default since 1.29)
            node "ip-10-0-1-12.eu-west-1.compute.internal" (version v1.29.4-eks-036c24b; from tests/checks/feature-check/kubelet-1.29-eks-beta.metrics, tests/checks/feature-check/nodes-mixed.json): native sidecars work, ordered termination
              gate: SidecarContainers=1 stage="BETA" (tests/checks/feature-check/kubelet-1.29-eks-beta.metrics:59)
              why: SidecarContainers is on (beta, on by default since 1.29)
            node "gke-prod-pool-1-5d1c2a9e-k8xq" (version v1.28.3-gke.1286000; from tests/checks/feature-check/kubelet-1.28-gke-alpha-off.metrics, tests/checks/feature-check/nodes-mixed.json): native sidecars do NOT work
              gate: SidecarContainers=0 stage="ALPHA" (tests/checks/feature-check/kubelet-1.28-gke-alpha-off.metrics:59)
              why: SidecarContainers is off (alpha, off by default; enable it on this kubelet and the API server with --feature-gates=SidecarContainers=true): it rejects pods with sidecars (reason InitContainerRestartPolicyForbidden)
            node "k3s-agent-1" (version v1.30.2+k3s1; from tests/checks/feature-check/nodes-mixed.json): native sidecars work, ordered termination
              why: 1.30: SidecarContainers is beta and on by default (give this component's metrics to rule out --feature-gates=SidecarContainers=false)
            node "legacy-7" (version v1.27.9; from tests/checks/feature-check/nodes-mixed.json): native sidecars do NOT work
              why: 1.27 predates native sidecars (SidecarContainers appeared in 1.28): it does not know initContainers[].restartPolicy and runs sidecars as ordinary init containers: the pod hangs in Init
            verdict: native sidecars do not work on node "gke-prod-pool-1-5d1c2a9e-k8xq", node "legacy-7"

            """#)
    }

    /// 1.33: the gate is GA (stage "") and locked on, everywhere.
    @Test func gaClusterAsJSON() throws {
        let result = try Tandem.run(["feature-check", "--metrics", "tests/checks/feature-check/apiserver-1.33.metrics", "--metrics", "worker-3=tests/checks/feature-check/kubelet-1.33-ga.metrics", "-o", "json"])
        #expect(result.stderr == "")
        #expect(result.status == 0)
        #expect(result.stdout == #"""
            {
              "components": [
                {
                  "kind": "apiServer",
                  "name": "tests/checks/feature-check/apiserver-1.33.metrics",
                  "version": "v1.33.1",
                  "gate": {
                    "enabled": true,
                    "stage": "",
                    "source": "tests/checks/feature-check/apiserver-1.33.metrics:44"
                  },
                  "sources": [
                    "tests/checks/feature-check/apiserver-1.33.metrics"
                  ],
                  "nativeSidecars": true,
                  "orderedTermination": true,
                  "reason": "SidecarContainers is on (GA since 1.33, locked on)"
                },
                {
                  "kind": "node",
                  "name": "worker-3",
                  "version": "v1.33.1",
                  "gate": {
                    "enabled": true,
                    "stage": "",
                    "source": "tests/checks/feature-check/kubelet-1.33-ga.metrics:56"
                  },
                  "sources": [
                    "tests/checks/feature-check/kubelet-1.33-ga.metrics"
                  ],
                  "nativeSidecars": true,
                  "orderedTermination": true,
                  "reason": "SidecarContainers is on (GA since 1.33, locked on)"
                }
              ],
              "nativeSidecarsEverywhere": true,
              "lacking": [],
              "verdict": "native sidecars work on all 2 components given"
            }

            """#)
    }

    /// A 1.28 API server with the alpha gate turned on: sidecars work, but are not stopped in order.
    @Test func alphaGateEnabledOnTheServerWorksWithoutOrderedTermination() throws {
        let result = try Tandem.run(["feature-check", "--metrics", "tests/checks/feature-check/apiserver-1.28-gke-alpha-on.metrics", "--nodes", "tests/checks/feature-check/nodes-supported.json"])
        #expect(result.stderr == "")
        #expect(result.status == 0)
        #expect(result.stdout == #"""
            API server "tests/checks/feature-check/apiserver-1.28-gke-alpha-on.metrics" (version v1.28.3-gke.1286000; from tests/checks/feature-check/apiserver-1.28-gke-alpha-on.metrics): native sidecars work, no ordered termination (1.29+)
              gate: SidecarContainers=1 stage="ALPHA" (tests/checks/feature-check/apiserver-1.28-gke-alpha-on.metrics:47)
              why: SidecarContainers is on (alpha, enabled with --feature-gates=SidecarContainers=true)
            node "ip-10-0-1-12.eu-west-1.compute.internal" (version v1.29.4-eks-036c24b; from tests/checks/feature-check/nodes-supported.json): native sidecars work, ordered termination
              why: 1.29: SidecarContainers is beta and on by default (give this component's metrics to rule out --feature-gates=SidecarContainers=false)
            node "k3s-agent-1" (version v1.30.2+k3s1; from tests/checks/feature-check/nodes-supported.json): native sidecars work, ordered termination
              why: 1.30: SidecarContainers is beta and on by default (give this component's metrics to rule out --feature-gates=SidecarContainers=false)
            verdict: native sidecars work on all 3 components given; sidecars are not stopped in order (before 1.29) on API server "tests/checks/feature-check/apiserver-1.28-gke-alpha-on.metrics"

            """#)
    }

    /// Without API-server metrics, --server-version 1.28 means the alpha default: off.
    @Test func serverVersionAloneJudgesByHistory() throws {
        let result = try Tandem.run(["feature-check", "--server-version", "v1.28.3-gke.1286000", "--nodes", "tests/checks/feature-check/nodes-supported.json", "-o", "json"])
        #expect(result.stderr == "")
        #expect(result.status == 1)
        #expect(result.stdout == #"""
            {
              "components": [
                {
                  "kind": "apiServer",
                  "name": "v1.28.3-gke.1286000",
                  "version": "v1.28.3-gke.1286000",
                  "gate": null,
                  "sources": [
                    "--server-version"
                  ],
                  "nativeSidecars": false,
                  "orderedTermination": false,
                  "reason": "1.28: SidecarContainers is alpha and off by default (no metrics to show it was enabled): it drops initContainers[].restartPolicy, so sidecars become ordinary init containers (pods with probes or lifecycle hooks on them are rejected, the others hang in Init)"
                },
                {
                  "kind": "node",
                  "name": "ip-10-0-1-12.eu-west-1.compute.internal",
                  "version": "v1.29.4-eks-036c24b",
                  "gate": null,
                  "sources": [
                    "tests/checks/feature-check/nodes-supported.json"
                  ],
                  "nativeSidecars": true,
                  "orderedTermination": true,
                  "reason": "1.29: SidecarContainers is beta and on by default (give this component's metrics to rule out --feature-gates=SidecarContainers=false)"
                },
                {
                  "kind": "node",
                  "name": "k3s-agent-1",
                  "version": "v1.30.2+k3s1",
                  "gate": null,
                  "sources": [
                    "tests/checks/feature-check/nodes-supported.json"
                  ],
                  "nativeSidecars": true,
                  "orderedTermination": true,
                  "reason": "1.30: SidecarContainers is beta and on by default (give this component's metrics to rule out --feature-gates=SidecarContainers=false)"
                }
              ],
              "nativeSidecarsEverywhere": false,
              "lacking": [
                "apiServer/v1.28.3-gke.1286000"
              ],
              "verdict": "native sidecars do not work on API server \"v1.28.3-gke.1286000\""
            }

            """#)
    }

    /// Bad input: one line on stderr naming the file (and line), nothing on stdout, exit 2.
    @Test(arguments: [
        (["feature-check", "--metrics", "tests/checks/feature-check/nodes-mixed.json"], #"""
            tandem: feature-check: tests/checks/feature-check/nodes-mixed.json: line 1: invalid metric name: expected a name, found "{"

            """#),
        (["feature-check", "--nodes", "tests/checks/feature-check/kubelet-1.33-ga.metrics"], #"""
            tandem: feature-check: tests/checks/feature-check/kubelet-1.33-ga.metrics: invalid YAML: did not find expected <document start> (line 12, column 1)

            """#),
        (["feature-check", "--metrics", "worker-1=/nonexistent/metrics"], #"""
            tandem: feature-check: /nonexistent/metrics: No such file or directory

            """#),
        (["feature-check"], #"""
            tandem: feature-check: nothing to check: give --metrics, --nodes or --server-version (see tandem feature-check --help)

            """#),
        (["feature-check", "--server-version", "1.x"], #"""
            tandem: feature-check: --server-version: not a Kubernetes version: "1.x"

            """#),
        (["feature-check", "--metrics", "=tests/checks/feature-check/kubelet-1.33-ga.metrics"], #"""
            tandem: feature-check: --metrics "=tests/checks/feature-check/kubelet-1.33-ga.metrics": expected FILE or NODE=FILE

            """#),
        (["feature-check", "--metrics", "a=tests/checks/feature-check/kubelet-1.33-ga.metrics", "--metrics", "a=tests/checks/feature-check/kubelet-1.29-eks-beta.metrics"], #"""
            tandem: feature-check: tests/checks/feature-check/kubelet-1.29-eks-beta.metrics: metrics for node "a" given twice (also tests/checks/feature-check/kubelet-1.33-ga.metrics)

            """#),
        (["feature-check", "--metrics", "tests/checks/bad/gate-value.metrics"], #"""
            tandem: feature-check: tests/checks/bad/gate-value.metrics: line 4: kubernetes_feature_enabled{name="SidecarContainers"} is 2, expected 0 or 1

            """#),
        (["feature-check", "--metrics", "tests/checks/bad/escape.metrics"], #"""
            tandem: feature-check: tests/checks/bad/escape.metrics: line 4: invalid escape sequence in the value of label "resource" of metric "apiserver_request_total"

            """#),
        (["feature-check", "--nodes", "tests/checks/bad/nodes-bad-version.json"], #"""
            tandem: feature-check: tests/checks/bad/nodes-bad-version.json: items[1].status.nodeInfo.kubeletVersion: not a Kubernetes version: "v1.thirty" (node "k3s-agent-1")

            """#),
        (["feature-check", "--server-version", "v1.30.0", "-o", "yaml"], #"""
            tandem: The value 'yaml' is invalid for '-o <output>'. Please provide one of 'text' and 'json'. (see tandem feature-check --help)

            """#),
    ])
    func rejectsBadInput(arguments: [String], message: String) throws {
        let result = try Tandem.run(arguments)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == message)
    }
}
