#!/usr/bin/env python3
"""Writes hostile inputs for tandem's adoption commands (lint, convert, inject, feature-check,
check-admission) into a directory: the fixed attacks of issue 10 (alias bombs, duplicate keys
under aliases, nested merge keys, deep nesting, huge and absurd numbers and quantities, control
characters, invalid UTF-8, NUL bytes, weird but valid YAML) and, with --mutants N, N random
byte-level mutations of the repository's own manifests. Deterministic for a given --seed."""
import argparse
import json
import os
import random

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
  annotations: {{note: "{note}"}}
spec:
  terminationGracePeriodSeconds: {grace}
  containers:
  - name: app
    image: {image}
    command: ["sh", "-c", "until nc -z localhost 5432; do sleep {sleep}; done; exec ./app"]
    resources: {{requests: {{memory: "{memory}", cpu: "{cpu}"}}}}
  - name: cloud-sql-proxy
    image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0
    ports: [{{containerPort: 5432}}]
    lifecycle: {{preStop: {{exec: {{command: ["sleep", "{prestop}"]}}}}}}
    readinessProbe: {{tcpSocket: {{port: 5432}}, periodSeconds: {period}, failureThreshold: {threshold}, initialDelaySeconds: {delay}, timeoutSeconds: {timeout}}}
    livenessProbe: {{tcpSocket: {{port: 5432}}, periodSeconds: {period}, failureThreshold: {threshold}}}
    resources: {{requests: {{memory: "{memory}", cpu: "{cpu}"}}, limits: {{memory: "{memory}"}}}}
  initContainers:
  - name: envoy
    image: envoyproxy/envoy:v1.30
    restartPolicy: Always
    startupProbe: {{httpGet: {{port: 9901, path: /ready}}, periodSeconds: {period}, failureThreshold: {threshold}, initialDelaySeconds: {delay}}}
    lifecycle: {{postStart: {{exec: {{command: ["sleep", "{prestop}"]}}}}, preStop: {{sleep: {{seconds: {prestop}}}}}}}
    resources: {{requests: {{memory: "{memory}", cpu: "{cpu}"}}}}
"""

DEFAULTS = dict(name="p", note="n", grace=30, image="busybox", sleep=1, memory="64Mi", cpu="100m",
                prestop=5, period=10, threshold=3, delay=0, timeout=1)


def pod(**overrides):
    values = dict(DEFAULTS)
    values.update(overrides)
    return POD.format(**values)


def alias_bomb(tail, levels=9):
    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: bomb}\nspec:\n  containers: [{name: a, image: b}]\n  affinity:\n"
    text += "    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, levels + 1):
        text += f"    a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]\n"
    return text + tail


def fixed():
    cases = {}
    big = "9223372036854775807"
    huge = "9" * 400
    cases["bomb-plain.yaml"] = alias_bomb("")
    cases["bomb-dupkey.yaml"] = alias_bomb("metadata: {name: a, name: b}\n").replace("metadata: {name: bomb}\n", "")
    cases["bomb-merge.yaml"] = alias_bomb("    m: {<<: [*a9, *a9]}\n")
    cases["bomb-key.yaml"] = alias_bomb("    k: {*a9: 1}\n")
    cases["bomb-small-per-doc.yaml"] = "".join(
        "---\n" + alias_bomb("", levels=4).replace("name: bomb", f"name: b{i}") for i in range(60))
    # A hundred documents, each just under the per-document alias limit: one budget per file.
    many = ""
    for index in range(100):
        many += f"---\napiVersion: v1\nkind: Pod\nmetadata: {{name: b{index}}}\nspec:\n  containers: [{{name: a, image: b}}]\n  affinity:\n"
        many += "    a0: &a0 [" + ", ".join(["x"] * 40) + "]\n"
        for level in range(1, 4):
            many += f"    a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]\n"
    cases["bomb-per-document.yaml"] = many
    merges = "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers: [{name: a, image: b}]\n  affinity:\n    m0: &m0 {k0: 1}\n"
    for level in range(1, 13):
        merges += f"    m{level}: &m{level} {{<<: [" + ", ".join([f"*m{level - 1}"] * 10) + f"], k{level}: 1}}\n"
    cases["merge-nested.yaml"] = merges
    cases["deep-flow.yaml"] = "apiVersion: v1\nkind: Pod\nmetadata: {name: d}\nspec: " + "[" * 100000 + "]" * 100000 + "\n"
    cases["deep-block.yaml"] = "apiVersion: v1\nkind: Pod\nmetadata:\n" + "".join(" " * i + "- \n" for i in range(2, 3000))
    cases["deep-map.yaml"] = "a: " + "{a: " * 100000 + "}" * 100000 + "\n"
    cases["random.bin"] = bytes(random.Random(7).randrange(256) for _ in range(65536))
    cases["invalid-utf8.yaml"] = pod().encode().replace(b"busybox", b"busy\xff\xfebox")
    cases["nul.yaml"] = pod().encode().replace(b"busybox", b"busy\x00box")
    cases["json-huge-number.json"] = ('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}, "spec": {"terminationGracePeriodSeconds": '
                                      + "1" * 5000 + ', "containers": [{"name": "a", "image": "b"}]}}\n')
    cases["json-exp-number.json"] = ('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}, "spec": {"terminationGracePeriodSeconds": 1e999999999, '
                                     '"containers": [{"name": "a", "image": "b"}]}}\n')
    for label, quantity in [("exp", "1e999999999"), ("negexp", "1e-999999999"), ("digits", "9" * 20000),
                            ("bigexp-ki", "123456789012345678901234567890Ei"), ("E", "9E"), ("neg", "-1e9999")]:
        cases[f"quantity-{label}.yaml"] = pod(memory=quantity, cpu=quantity)
    for label, number in [("intmax", big), ("int32", "2147483647"), ("huge", huge), ("neg", "-" + big), ("float", "1e308")]:
        cases[f"numbers-{label}.yaml"] = pod(grace=number, period=number, threshold=number, delay=number, timeout=number,
                                            prestop=number, sleep=number)
    cases["numbers-mixed.yaml"] = pod(grace=big, period="2147483647", threshold="2147483647", delay="2147483647", prestop="2147483647")
    esc = "\\e[31mRED\\e[0m\\rX\\a\\b\\x7f\\u202e\\x9b"
    cases["control-names.yaml"] = pod(name=f'"a{esc}"', note=esc, image=f'"bus{esc}ybox"').replace(
        "cloud-sql-proxy\n", f'"cloud-sql{esc}-proxy"\n').replace("name: envoy", f'name: "env{esc}oy"')
    cases["control-command.yaml"] = pod().replace('"until nc -z localhost 5432', '"until nc -z localhost 5432 \\e]0;TITLE\\a')
    cases["control-annotation.yaml"] = pod().replace('note: "n"', '"lint.tandem.dev/ignore": "\\e[31mnope\\e[0m: \\rreason"')
    cases["control-kind.yaml"] = 'apiVersion: "v1\\e[31m"\nkind: "Pod\\e[0m\\r"\nmetadata: {name: "x\\e[2J"}\n'
    cases["control-key.yaml"] = pod().replace("  name: p\n", '  name: p\n  "\\e[31mbad\\r": 1\n')
    cases["flow.yaml"] = ("{apiVersion: v1, kind: Pod, metadata: {name: f}, spec: {containers: [{name: app, image: busybox,"
                          " command: [sh, -c, 'until nc -z localhost 5432; do sleep 1; done; exec ./app']},"
                          " {name: cloud-sql-proxy, image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0', ports: [{containerPort: 5432}]}]}}\n")
    cases["json.json"] = ('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}, "spec": {"containers": [{"name": "app", "image": "busybox",'
                          ' "command": ["sh", "-c", "until nc -z localhost 5432; do sleep 1; done; exec ./app"]},'
                          ' {"name": "cloud-sql-proxy", "image": "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0", "ports": [{"containerPort": 5432}]}]}}\n')
    cases["crlf.yaml"] = pod().replace("\n", "\r\n")
    cases["cr-only.yaml"] = pod().replace("\n", "\r")
    cases["tabs.yaml"] = pod(note="a\tb").replace("exec ./app", "exec\t./app")
    cases["block-scalars.yaml"] = pod().replace(
        'command: ["sh", "-c", "until nc -z localhost 5432; do sleep 1; done; exec ./app"]',
        'command:\n    - sh\n    - -c\n    - |\n      until nc -z localhost 5432; do\n        sleep 1\n      done\n      exec ./app\n')
    cases["block-folded.yaml"] = pod().replace(
        'command: ["sh", "-c", "until nc -z localhost 5432; do sleep 1; done; exec ./app"]',
        'command:\n    - sh\n    - -c\n    - >-\n      until nc -z localhost 5432; do sleep 1; done;\n      exec ./app\n')
    cases["anchors-shared.yaml"] = ("apiVersion: v1\nkind: Pod\nmetadata: {name: s}\nspec:\n  containers:\n"
                                    "  - &proxy\n    name: cloud-sql-proxy\n    image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0\n"
                                    "    ports: [{containerPort: 5432}]\n    env: &env [{name: A, value: b}]\n"
                                    "  - name: app\n    image: busybox\n    env: *env\n"
                                    "    command: [sh, -c, 'until nc -z localhost 5432; do sleep 1; done; exec ./app']\n"
                                    "  - <<: *proxy\n    name: proxy2\n")
    cases["anchor-whole-container.yaml"] = ("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n"
                                            "  spec:\n    containers:\n    - &c {name: cloud-sql-proxy, image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0}\n"
                                            "    - {name: app, image: busybox}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n"
                                            "  spec:\n    containers: [*c, {name: app, image: busybox}]\n")
    cases["comments.yaml"] = "\n".join(line + "  # c" if line.strip() and not line.rstrip().endswith("|") else "# c\n" + line
                                       for line in pod().split("\n")) + "\n# end\n"
    cases["only-comments.yaml"] = "# nothing\n# here\n"
    cases["only-dashes.yaml"] = "---\n---\n---\n"
    cases["dashes-then-pod.yaml"] = "---\n# c\n---\n" + pod() + "---\n...\n"
    cases["list.yaml"] = "apiVersion: v1\nkind: List\nitems:\n" + "".join(
        "- " + "\n  ".join(pod(name=f"p{i}").rstrip("\n").split("\n")) + "\n" for i in range(3))
    cases["list-empty.yaml"] = "apiVersion: v1\nkind: List\nitems: []\n"
    cases["list-bad.yaml"] = "apiVersion: v1\nkind: List\nitems: [1, [2], {kind: 3}]\n"
    cases["scalar.yaml"] = "42\n"
    cases["sequence.yaml"] = "- a\n- b\n"
    cases["null.yaml"] = "null\n"
    cases["empty.yaml"] = ""
    cases["bom.yaml"] = "\ufeff" + pod()
    cases["long-line.yaml"] = pod(note="x" * 2_000_000)
    cases["many-containers.yaml"] = ("apiVersion: v1\nkind: Pod\nmetadata: {name: many}\nspec:\n  containers:\n" + "".join(
        f"  - {{name: c{i}, image: envoyproxy/envoy, ports: [{{containerPort: {1000 + i}}}], command: [sh, -c, 'until nc -z localhost {1000 + i}; do sleep 1; done']}}\n"
        for i in range(500)))
    cases["many-docs.yaml"] = "".join("---\n" + pod(name=f"p{i}") for i in range(200))
    cases["tag-weird.yaml"] = "!!map {apiVersion: !!str v1, kind: !foo Pod, metadata: !!map {name: t}, spec: {containers: !!seq [{name: a, image: b}]}}\n"
    cases["binary-tag.yaml"] = pod(note="x").replace('note: "x"', "note: !!binary aGVsbG8=")
    cases["workload-deploy.yaml"] = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n"
                                     "  template:\n    metadata: {labels: {a: b}}\n    spec:\n" + "".join(
                                         "    " + line + "\n" for line in pod().split("spec:\n", 1)[1].rstrip("\n").split("\n")))
    cases["cronjob-deep.yaml"] = ("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n"
                                  "    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          terminationGracePeriodSeconds: 9223372036854775807\n"
                                  "          containers:\n          - {name: app, image: busybox}\n          - {name: istio-proxy, image: istio/proxyv2, lifecycle: {preStop: {exec: {command: [sleep, '9223372036854775807']}}}}\n")
    # Inputs of feature-check (Prometheus text, node lists) and check-admission (audit logs).
    gate = 'kubernetes_feature_enabled{name="SidecarContainers",stage="BETA"} '
    cases["metrics-values.metrics"] = "".join(gate + value + "\n" for value in
                                              ["1e999999999", "NaN", "+Inf", "-Inf", "9" * 5000, "0x1", "1 9223372036854775807", "1 -99999999999999999999"])
    cases["metrics-control.metrics"] = ('kubernetes_build_info{git_version="v1.29.0\\e\x1b[31m\r"} 1\n' + gate + "1\n"
                                        + 'kubernetes_feature_enabled{name="Sidecar\x1b[2JContainers",stage="\x07"} 1\n')
    cases["metrics-version-huge.metrics"] = 'kubernetes_build_info{git_version="v1.' + "9" * 400 + '.0"} 1\n' + gate + "1\n"
    cases["metrics-labels.metrics"] = "m{" + ",".join(f'l{i}="v"' for i in range(50000)) + "} 1\n"
    cases["metrics-unterminated.metrics"] = 'm{a="' + "\\" * 100000 + "\n"
    cases["nodes-control.json"] = ('{"apiVersion": "v1", "kind": "List", "items": [{"kind": "Node", "metadata": {"name": "n\\u001b[31m\\r"},'
                                   ' "status": {"nodeInfo": {"kubeletVersion": "v1.27.0\\u001b]0;x\\u0007"}}}]}\n')
    cases["nodes-version-huge.json"] = ('{"kind": "NodeList", "items": [{"kind": "Node", "metadata": {"name": "n"}, "status": {"nodeInfo": {"kubeletVersion": "v1.'
                                       + "9" * 400 + '.0"}}}]}\n')
    patch = [{"op": "remove", "path": "/spec/initContainers/0/restartPolicy"},
             {"op": "add", "path": "/spec/containers/" + "9" * 30, "value": 1},
             {"op": "replace", "path": "/spec/containers/0/name", "value": "x\x1b[31m\r"},
             {"op": "move", "from": "/spec", "path": "/spec/x"}]
    annotations = {
        "mutation.webhook.admission.k8s.io/round_0_index_0": json.dumps({"configuration": "c\x1b", "webhook": "w\x07", "mutated": True}),
        "patch.webhook.admission.k8s.io/round_0_index_0": json.dumps({"configuration": "c\x1b[2J", "webhook": "w\r", "patch": patch, "patchType": "JSONPatch"}),
        "patch.webhook.admission.k8s.io/round_99999999999999999999_index_0": json.dumps({"configuration": "c", "webhook": "w", "patch": [], "patchType": "JSONPatch"}),
    }
    event = json.dumps({"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": "Request", "auditID": "x\x1b[31m",
                        "stage": "ResponseComplete", "requestURI": "/api/v1/namespaces/shop/pods", "verb": "create",
                        "objectRef": {"resource": "pods", "namespace": "shop", "name": "orders\r"}, "annotations": annotations})
    cases["audit-hostile.log"] = event + "\n" + "{" * 100000 + "\n"
    cases["audit-deep.log"] = "[" * 100000 + "\n"
    cases["audit-huge-number.log"] = '{"kind":"Event","auditID":' + "1" * 10000 + ',"annotations":{"x":1e999999999}}\n'
    return cases


def mutate(data, rng):
    data = bytearray(data)
    for _ in range(rng.randrange(1, 8)):
        if not data:
            data = bytearray(b"x")
        op = rng.randrange(7)
        pos = rng.randrange(len(data))
        if op == 0:
            data[pos] = rng.randrange(256)
        elif op == 1:
            del data[pos:pos + rng.randrange(1, 16)]
        elif op == 2:
            data[pos:pos] = bytes(rng.choice(b"{}[]:,-&*!|>'\"#\n\t \\%@`") for _ in range(rng.randrange(1, 4)))
        elif op == 3:
            start = rng.randrange(len(data))
            chunk = data[start:start + rng.randrange(1, 200)]
            data[pos:pos] = chunk
        elif op == 4:
            data[pos:pos] = rng.choice([b"9223372036854775807", b"-9223372036854775808", b"1e999999999", b"2147483647",
                                        b"\x1b[31m", b"\r", b"\x00", b"\xff", b"*a", b"&a ", b"<<: ", b"!!binary ",
                                        b"restartPolicy: Always\n", b"\n---\n", b"Ei", b"0x", b"-0"])
        elif op == 5:
            data = data[:pos]
        else:
            data[pos:pos] = b"\n" + b" " * rng.randrange(12) + rng.choice([b"- ", b"a: ", b"? ", b"- &x "])
    return bytes(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mutants", type=int, default=0)
    parser.add_argument("--seeds", nargs="*", default=[])
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    written = []
    for name, content in fixed().items():
        path = os.path.join(args.out, name)
        with open(path, "wb") as handle:
            handle.write(content if isinstance(content, bytes) else content.encode())
        written.append(path)
    rng = random.Random(args.seed)
    seeds = []
    for path in args.seeds:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            if len(data) < 200_000:
                seeds.append(data)
        except OSError:
            pass
    seeds += [pod().encode(), fixed()["anchors-shared.yaml"].encode(), fixed()["flow.yaml"].encode()]
    for index in range(args.mutants):
        path = os.path.join(args.out, f"mutant-{index:05d}.yaml")
        with open(path, "wb") as handle:
            handle.write(mutate(rng.choice(seeds), rng))
        written.append(path)


if __name__ == "__main__":
    main()
