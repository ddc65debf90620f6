import Foundation
import Testing

/// `tandem check-admission` end to end on what the API server returns (tests/checks/admission).
@Suite struct CheckAdmissionTests {
    /// A Deployment's pod after kube-image-keeper (image rewrite) and an old-client pod-identity webhook that replaced /spec/initContainers without restartPolicy: the sidecar hangs in Init.
    @Test func deploymentPodStrippedByPodIdentityWebhook() throws {
        let result = try Tandem.run(["check-admission", "tests/checks/admission/deployment.yaml", "tests/checks/admission/pod-after-webhooks.yaml", "--audit-log", "tests/checks/admission/audit.log", "--webhooks", "tests/checks/admission/webhooks.yaml"])
        #expect(result.stderr == "")
        #expect(result.status == 1)
        #expect(result.stdout == #"""
            before: tests/checks/admission/deployment.yaml: Deployment "orders", pod template
            after: tests/checks/admission/pod-after-webhooks.yaml: Pod "orders-7c9f8d6b5-x2x7k"
            changed: spec.containers[0].image: "ghcr.io/acme/orders:2.4.1" -> "localhost:7439/ghcr.io/acme/orders:2.4.1"
            changed: spec.initContainers[0].image: "fluent/fluent-bit:3.0.7" -> "localhost:7439/fluent/fluent-bit:3.0.7"
            dropped: spec.initContainers[0].restartPolicy: "Always"
            sidecar lost: spec.initContainers[0].restartPolicy: init container "log-shipper" is no longer a sidecar but an ordinary init container: the containers after it wait for it to exit, a sidecar never exits, and the pod hangs in Init:0/1
            webhooks (audit: tests/checks/admission/audit.log (line 3, auditID 7c1e9b2a-4d3f-4e5a-8b6c-1d2e3f4a5b6c); configurations: tests/checks/admission/webhooks.yaml):
              webhook "namespace.sidecar-injector.istio.io" (configuration "istio-sidecar-injector") [reinvocationPolicy Never, failurePolicy Fail]: notCalled: no call in the audit record (matches pods CREATE, subject to its namespaceSelector (namespace labels))
              webhook "mutate-image.kuik.enix.io" (configuration "kube-image-keeper-mutating-webhook") [round 0 index 1, reinvocationPolicy Never, failurePolicy Ignore]: modified: its patch removed or overwrote spec.containers[0].image, spec.initContainers[0].image
                spec.containers[0].image: replace /spec/containers/0/image
                spec.initContainers[0].image: replace /spec/initContainers/0/image
              webhook "pod-identity-webhook.amazonaws.com" (configuration "pod-identity-webhook") [round 0 index 2, reinvocationPolicy IfNeeded, failurePolicy Ignore]: modified: its patch removed or overwrote spec.initContainers[0].restartPolicy; reinvocationPolicy IfNeeded: it is called again after later webhooks change the pod, so it can also strip what they added
                spec.initContainers[0].restartPolicy: replace /spec/initContainers
              webhook "vpa.k8s.io" (configuration "vpa-webhook-config") [reinvocationPolicy Never, failurePolicy Ignore]: notCalled: its rules do not cover pods CREATE
            verdict: 1 field dropped, 2 changed; 1 sidecar lost restartPolicy: Always, stripped by webhook "pod-identity-webhook.amazonaws.com" (configuration "pod-identity-webhook"); other changes by webhook "mutate-image.kuik.enix.io" (configuration "kube-image-keeper-mutating-webhook")

            """#)
    }

    /// The same, as JSON.
    @Test func deploymentPodStrippedAsJSON() throws {
        let result = try Tandem.run(["check-admission", "tests/checks/admission/deployment.yaml", "tests/checks/admission/pod-after-webhooks.yaml", "--audit-log", "tests/checks/admission/audit.log", "--webhooks", "tests/checks/admission/webhooks.yaml", "-o", "json"])
        #expect(result.stderr == "")
        #expect(result.status == 1)
        #expect(result.stdout == #"""
            {
              "before": {
                "file": "tests/checks/admission/deployment.yaml",
                "kind": "Deployment",
                "name": "orders"
              },
              "after": {
                "file": "tests/checks/admission/pod-after-webhooks.yaml",
                "kind": "Pod",
                "name": "orders-7c9f8d6b5-x2x7k"
              },
              "replayed": false,
              "changes": [
                {
                  "kind": "changed",
                  "path": "spec.containers[0].image",
                  "pointer": "/spec/containers/0/image",
                  "before": "ghcr.io/acme/orders:2.4.1",
                  "after": "localhost:7439/ghcr.io/acme/orders:2.4.1",
                  "origin": "manifest"
                },
                {
                  "kind": "changed",
                  "path": "spec.initContainers[0].image",
                  "pointer": "/spec/initContainers/0/image",
                  "before": "fluent/fluent-bit:3.0.7",
                  "after": "localhost:7439/fluent/fluent-bit:3.0.7",
                  "origin": "manifest"
                },
                {
                  "kind": "dropped",
                  "path": "spec.initContainers[0].restartPolicy",
                  "pointer": "/spec/initContainers/0/restartPolicy",
                  "before": "Always",
                  "origin": "manifest"
                }
              ],
              "sidecarsLost": [
                {
                  "container": "log-shipper",
                  "path": "spec.initContainers[0].restartPolicy",
                  "rejectedWith": [],
                  "explanation": "init container \"log-shipper\" is no longer a sidecar but an ordinary init container: the containers after it wait for it to exit, a sidecar never exits, and the pod hangs in Init:0/1"
                }
              ],
              "auditSource": "tests/checks/admission/audit.log (line 3, auditID 7c1e9b2a-4d3f-4e5a-8b6c-1d2e3f4a5b6c)",
              "webhooksSource": "tests/checks/admission/webhooks.yaml",
              "webhooks": [
                {
                  "configuration": "istio-sidecar-injector",
                  "webhook": "namespace.sidecar-injector.istio.io",
                  "reinvocationPolicy": "Never",
                  "failurePolicy": "Fail",
                  "calls": [],
                  "verdict": "notCalled",
                  "detail": "no call in the audit record (matches pods CREATE, subject to its namespaceSelector (namespace labels))",
                  "touched": []
                },
                {
                  "configuration": "kube-image-keeper-mutating-webhook",
                  "webhook": "mutate-image.kuik.enix.io",
                  "reinvocationPolicy": "Never",
                  "failurePolicy": "Ignore",
                  "calls": [
                    "round 0 index 1"
                  ],
                  "verdict": "modified",
                  "detail": "its patch removed or overwrote spec.containers[0].image, spec.initContainers[0].image",
                  "touched": [
                    {
                      "path": "spec.containers[0].image",
                      "operations": [
                        "replace /spec/containers/0/image"
                      ]
                    },
                    {
                      "path": "spec.initContainers[0].image",
                      "operations": [
                        "replace /spec/initContainers/0/image"
                      ]
                    }
                  ]
                },
                {
                  "configuration": "pod-identity-webhook",
                  "webhook": "pod-identity-webhook.amazonaws.com",
                  "reinvocationPolicy": "IfNeeded",
                  "failurePolicy": "Ignore",
                  "calls": [
                    "round 0 index 2"
                  ],
                  "verdict": "modified",
                  "detail": "its patch removed or overwrote spec.initContainers[0].restartPolicy; reinvocationPolicy IfNeeded: it is called again after later webhooks change the pod, so it can also strip what they added",
                  "touched": [
                    {
                      "path": "spec.initContainers[0].restartPolicy",
                      "operations": [
                        "replace /spec/initContainers"
                      ]
                    }
                  ]
                },
                {
                  "configuration": "vpa-webhook-config",
                  "webhook": "vpa.k8s.io",
                  "reinvocationPolicy": "Never",
                  "failurePolicy": "Ignore",
                  "calls": [],
                  "verdict": "notCalled",
                  "detail": "its rules do not cover pods CREATE",
                  "touched": []
                }
              ],
              "notes": [],
              "verdict": "1 field dropped, 2 changed; 1 sidecar lost restartPolicy: Always, stripped by webhook \"pod-identity-webhook.amazonaws.com\" (configuration \"pod-identity-webhook\"); other changes by webhook \"mutate-image.kuik.enix.io\" (configuration \"kube-image-keeper-mutating-webhook\")"
            }

            """#)
    }

    /// Without an audit log, every webhook whose rules and selectors cover the pod is a suspect.
    @Test func configurationsAloneNameTheSuspects() throws {
        let result = try Tandem.run(["check-admission", "tests/checks/admission/deployment.yaml", "tests/checks/admission/pod-after-webhooks.yaml", "--webhooks", "tests/checks/admission/webhooks.yaml"])
        #expect(result.stderr == "")
        #expect(result.status == 1)
        #expect(result.stdout == #"""
            before: tests/checks/admission/deployment.yaml: Deployment "orders", pod template
            after: tests/checks/admission/pod-after-webhooks.yaml: Pod "orders-7c9f8d6b5-x2x7k"
            changed: spec.containers[0].image: "ghcr.io/acme/orders:2.4.1" -> "localhost:7439/ghcr.io/acme/orders:2.4.1"
            changed: spec.initContainers[0].image: "fluent/fluent-bit:3.0.7" -> "localhost:7439/fluent/fluent-bit:3.0.7"
            dropped: spec.initContainers[0].restartPolicy: "Always"
            sidecar lost: spec.initContainers[0].restartPolicy: init container "log-shipper" is no longer a sidecar but an ordinary init container: the containers after it wait for it to exit, a sidecar never exits, and the pod hangs in Init:0/1
            webhooks (configurations: tests/checks/admission/webhooks.yaml):
              webhook "namespace.sidecar-injector.istio.io" (configuration "istio-sidecar-injector") [reinvocationPolicy Never, failurePolicy Fail]: canHave: matches pods CREATE, subject to its namespaceSelector (namespace labels)
              webhook "mutate-image.kuik.enix.io" (configuration "kube-image-keeper-mutating-webhook") [reinvocationPolicy Never, failurePolicy Ignore]: canHave: matches pods CREATE
              webhook "pod-identity-webhook.amazonaws.com" (configuration "pod-identity-webhook") [reinvocationPolicy IfNeeded, failurePolicy Ignore]: canHave: matches pods CREATE; reinvocationPolicy IfNeeded: it is called again after later webhooks change the pod, so it can also strip what they added
              webhook "vpa.k8s.io" (configuration "vpa-webhook-config") [reinvocationPolicy Never, failurePolicy Ignore]: notCalled: its rules do not cover pods CREATE
            verdict: 1 field dropped, 2 changed; 1 sidecar lost restartPolicy: Always; can have been done by webhook "namespace.sidecar-injector.istio.io" (configuration "istio-sidecar-injector"), webhook "mutate-image.kuik.enix.io" (configuration "kube-image-keeper-mutating-webhook"), webhook "pod-identity-webhook.amazonaws.com" (configuration "pod-identity-webhook")

            """#)
    }

    /// A sidecar with a startupProbe loses restartPolicy to a webhook that replaced /spec (annotations on the object): the API server rejects it.
    @Test func probeOnStrippedSidecarIsRejected() throws {
        let result = try Tandem.run(["check-admission", "tests/checks/admission/pod-sidecar.yaml", "tests/checks/admission/pod-dry-run.yaml", "-o", "json"])
        #expect(result.stderr == "")
        #expect(result.status == 1)
        #expect(result.stdout == #"""
            {
              "before": {
                "file": "tests/checks/admission/pod-sidecar.yaml",
                "kind": "Pod",
                "name": "checkout"
              },
              "after": {
                "file": "tests/checks/admission/pod-dry-run.yaml",
                "kind": "Pod",
                "name": "checkout"
              },
              "replayed": false,
              "changes": [
                {
                  "kind": "dropped",
                  "path": "spec.initContainers[0].restartPolicy",
                  "pointer": "/spec/initContainers/0/restartPolicy",
                  "before": "Always",
                  "origin": "manifest"
                }
              ],
              "sidecarsLost": [
                {
                  "container": "envoy",
                  "path": "spec.initContainers[0].restartPolicy",
                  "rejectedWith": [
                    "spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always"
                  ],
                  "explanation": "the API server rejects the pod: spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always"
                }
              ],
              "auditSource": "tests/checks/admission/pod-dry-run.yaml (metadata.annotations)",
              "webhooksSource": null,
              "webhooks": [
                {
                  "configuration": "berglas-webhook",
                  "webhook": "berglas-webhook.cloud.google.com",
                  "reinvocationPolicy": null,
                  "failurePolicy": null,
                  "calls": [
                    "round 0 index 0"
                  ],
                  "verdict": "modified",
                  "detail": "its patch removed or overwrote spec.initContainers[0].restartPolicy",
                  "touched": [
                    {
                      "path": "spec.initContainers[0].restartPolicy",
                      "operations": [
                        "replace /spec"
                      ]
                    }
                  ]
                }
              ],
              "notes": [],
              "verdict": "1 field dropped, 0 changed; 1 sidecar lost restartPolicy: Always, stripped by webhook \"berglas-webhook.cloud.google.com\" (configuration \"berglas-webhook\")"
            }

            """#)
    }

    /// kubectl create --dry-run=server -o json of the Deployment itself: the template is compared with the template.
    @Test func deploymentDryRunAsJSONInput() throws {
        let result = try Tandem.run(["check-admission", "tests/checks/admission/deployment.yaml", "tests/checks/admission/deployment-dry-run.json"])
        #expect(result.stderr == "")
        #expect(result.status == 1)
        #expect(result.stdout == #"""
            before: tests/checks/admission/deployment.yaml: Deployment "orders"
            after: tests/checks/admission/deployment-dry-run.json: Deployment "orders"
            dropped: spec.template.spec.initContainers[0].restartPolicy: "Always"
            sidecar lost: spec.template.spec.initContainers[0].restartPolicy: init container "log-shipper" is no longer a sidecar but an ordinary init container: the containers after it wait for it to exit, a sidecar never exits, and the pod hangs in Init:0/1
            verdict: 1 field dropped, 0 changed; 1 sidecar lost restartPolicy: Always; give --audit-log and --webhooks to find the webhook

            """#)
    }

    /// No AFTER: the API server rejected the pod; the audit event of the failed creation still holds the webhook's patch, replayed on BEFORE.
    @Test func rejectedPodReplayedFromTheAuditLog() throws {
        let result = try Tandem.run(["check-admission", "tests/checks/admission/pod-sidecar.yaml", "--audit-log", "tests/checks/admission/audit-rejected.log"])
        #expect(result.stderr == "")
        #expect(result.status == 1)
        #expect(result.stdout == #"""
            before: tests/checks/admission/pod-sidecar.yaml: Pod "checkout"
            after: BEFORE with the webhook patches of tests/checks/admission/audit-rejected.log replayed (Pod "checkout")
            dropped: spec.initContainers[0].restartPolicy: "Always"
            sidecar lost: spec.initContainers[0].restartPolicy: the API server rejects the pod: spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always
            webhooks (audit: tests/checks/admission/audit-rejected.log (line 2, auditID 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a)):
              webhook "berglas-webhook.cloud.google.com" (configuration "berglas-webhook") [round 0 index 0]: modified: its patch removed or overwrote spec.initContainers[0].restartPolicy
                spec.initContainers[0].restartPolicy: replace /spec
            note: the API server answered 422: "Pod \"checkout\" is invalid: spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always"
            verdict: 1 field dropped, 0 changed; 1 sidecar lost restartPolicy: Always, stripped by webhook "berglas-webhook.cloud.google.com" (configuration "berglas-webhook")

            """#)
    }

    /// Replaying the Deployment pod's recorded patches gives the changes comparing with the created pod gives.
    @Test func replayFindsWhatComparingFinds() throws {
        let result = try Tandem.run(["check-admission", "tests/checks/admission/deployment.yaml", "--audit-log", "tests/checks/admission/audit.log", "-o", "json"])
        #expect(result.stderr == "")
        #expect(result.status == 1)
        #expect(result.stdout == #"""
            {
              "before": {
                "file": "tests/checks/admission/deployment.yaml",
                "kind": "Deployment",
                "name": "orders"
              },
              "after": {
                "file": "tests/checks/admission/audit.log",
                "kind": "Pod",
                "name": ""
              },
              "replayed": true,
              "changes": [
                {
                  "kind": "changed",
                  "path": "spec.containers[0].image",
                  "pointer": "/spec/containers/0/image",
                  "before": "ghcr.io/acme/orders:2.4.1",
                  "after": "localhost:7439/ghcr.io/acme/orders:2.4.1",
                  "origin": "manifest"
                },
                {
                  "kind": "changed",
                  "path": "spec.initContainers[0].image",
                  "pointer": "/spec/initContainers/0/image",
                  "before": "fluent/fluent-bit:3.0.7",
                  "after": "localhost:7439/fluent/fluent-bit:3.0.7",
                  "origin": "manifest"
                },
                {
                  "kind": "dropped",
                  "path": "spec.initContainers[0].restartPolicy",
                  "pointer": "/spec/initContainers/0/restartPolicy",
                  "before": "Always",
                  "origin": "manifest"
                }
              ],
              "sidecarsLost": [
                {
                  "container": "log-shipper",
                  "path": "spec.initContainers[0].restartPolicy",
                  "rejectedWith": [],
                  "explanation": "init container \"log-shipper\" is no longer a sidecar but an ordinary init container: the containers after it wait for it to exit, a sidecar never exits, and the pod hangs in Init:0/1"
                }
              ],
              "auditSource": "tests/checks/admission/audit.log (line 3, auditID 7c1e9b2a-4d3f-4e5a-8b6c-1d2e3f4a5b6c)",
              "webhooksSource": null,
              "webhooks": [
                {
                  "configuration": "kube-image-keeper-mutating-webhook",
                  "webhook": "mutate-image.kuik.enix.io",
                  "reinvocationPolicy": null,
                  "failurePolicy": null,
                  "calls": [
                    "round 0 index 1"
                  ],
                  "verdict": "modified",
                  "detail": "its patch removed or overwrote spec.containers[0].image, spec.initContainers[0].image",
                  "touched": [
                    {
                      "path": "spec.containers[0].image",
                      "operations": [
                        "replace /spec/containers/0/image"
                      ]
                    },
                    {
                      "path": "spec.initContainers[0].image",
                      "operations": [
                        "replace /spec/initContainers/0/image"
                      ]
                    }
                  ]
                },
                {
                  "configuration": "pod-identity-webhook",
                  "webhook": "pod-identity-webhook.amazonaws.com",
                  "reinvocationPolicy": null,
                  "failurePolicy": null,
                  "calls": [
                    "round 0 index 2"
                  ],
                  "verdict": "modified",
                  "detail": "its patch removed or overwrote spec.initContainers[0].restartPolicy",
                  "touched": [
                    {
                      "path": "spec.initContainers[0].restartPolicy",
                      "operations": [
                        "replace /spec/initContainers"
                      ]
                    }
                  ]
                }
              ],
              "notes": [],
              "verdict": "1 field dropped, 2 changed; 1 sidecar lost restartPolicy: Always, stripped by webhook \"pod-identity-webhook.amazonaws.com\" (configuration \"pod-identity-webhook\"); other changes by webhook \"mutate-image.kuik.enix.io\" (configuration \"kube-image-keeper-mutating-webhook\")"
            }

            """#)
    }

    /// Only additions by the API server (defaults, token volume, tolerations, nodeName, status): nothing reported.
    @Test func cleanAdmissionExitsZero() throws {
        let result = try Tandem.run(["check-admission", "tests/checks/admission/deployment.yaml", "tests/checks/admission/pod-after-clean.yaml", "--audit-log", "tests/checks/admission/audit.log", "--webhooks", "tests/checks/admission/webhooks.yaml"])
        #expect(result.stderr == "")
        #expect(result.status == 0)
        #expect(result.stdout == #"""
            before: tests/checks/admission/deployment.yaml: Deployment "orders", pod template
            after: tests/checks/admission/pod-after-clean.yaml: Pod "orders-7c9f8d6b5-x2x7k"
            verdict: admission kept every field of the manifest

            """#)
    }

    /// Bad input: one line on stderr naming the file (and line), nothing on stdout, exit 2.
    @Test(arguments: [
        (["check-admission", "tests/checks/admission/deployment.yaml", "/nonexistent/pod.yaml"], #"""
            tandem: check-admission: /nonexistent/pod.yaml: No such file or directory

            """#),
        (["check-admission", "tests/checks/admission/deployment.yaml", "tests/checks/admission/webhooks.yaml"], #"""
            tandem: check-admission: tests/checks/admission/webhooks.yaml: expected one object, found 4

            """#),
        (["check-admission", "tests/checks/admission/pod-sidecar.yaml", "tests/checks/admission/pod-after-clean.yaml"], #"""
            tandem: check-admission: tests/checks/admission/pod-after-clean.yaml: Pod "orders-7c9f8d6b5-x2x7k" is not Pod "checkout" as admitted

            """#),
        (["check-admission", "tests/checks/admission/deployment.yaml", "tests/checks/admission/pod-after-clean.yaml", "--audit-log", "tests/checks/admission/deployment.yaml"], #"""
            tandem: check-admission: tests/checks/admission/deployment.yaml: line 1: not a JSON audit event

            """#),
        (["check-admission", "tests/checks/admission/deployment.yaml", "tests/checks/admission/pod-after-clean.yaml", "--webhooks", "tests/checks/admission/pod-sidecar.yaml"], #"""
            tandem: check-admission: tests/checks/admission/pod-sidecar.yaml: the document: expected kind MutatingWebhookConfiguration or a List of them (kubectl get mutatingwebhookconfigurations -o yaml)

            """#),
        (["check-admission", "tests/checks/admission/audit.log", "tests/checks/admission/pod-after-clean.yaml"], #"""
            tandem: check-admission: tests/checks/admission/audit.log: invalid YAML: did not find expected <document start> (line 2, column 1)

            """#),
        (["check-admission", "tests/checks/bad/unknown-field.yaml", "tests/checks/admission/pod-after-clean.yaml"], #"""
            tandem: check-admission: tests/checks/bad/unknown-field.yaml: unknown field "spec.template.spec.initContainers[0].restartPolicyy" (line 25, column 9)

            """#),
        (["check-admission", "tests/checks/admission/pod-sidecar.yaml", "tests/checks/bad/bad-annotation.yaml"], #"""
            tandem: check-admission: tests/checks/bad/bad-annotation.yaml: metadata.annotations: annotation "patch.webhook.admission.k8s.io/round_0_index_0": expected JSON with "configuration" and "webhook"

            """#),
        (["check-admission", "tests/checks/admission/pod-sidecar.yaml"], #"""
            tandem: check-admission: give AFTER (what admission returned) or --audit-log (to replay the webhooks' patches)

            """#),
        (["check-admission", "tests/checks/admission/pod-sidecar.yaml", "--audit-log", "tests/checks/admission/audit.log"], #"""
            tandem: check-admission: tests/checks/admission/audit.log: no creation of Pod "checkout" in it

            """#),
    ])
    func rejectsBadInput(arguments: [String], message: String) throws {
        let result = try Tandem.run(arguments)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == message)
    }
}
