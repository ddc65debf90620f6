import Testing
import TandemAPI
@testable import TandemAdoption

@Suite struct FeatureCheckVerdictTests {
    static func node(_ version: String?, gate: (Bool, String)? = nil) -> FeatureCheckReport.Target {
        FeatureCheck.evaluate(FeatureCheckReport.Target(
            kind: .node, name: "n", version: version.flatMap(KubernetesVersion.init),
            gate: gate.map { FeatureCheckReport.Gate(enabled: $0.0, stage: $0.1, source: "m:1") }, sources: ["m"]))
    }

    @Test func versionsWithoutMetricsFollowTheGateHistory() {
        let cases: [(String, Bool, Bool)] = [
            ("v1.27.16", false, false), ("v1.28.15", false, false), ("v1.29.0", true, true),
            ("v1.32.3", true, true), ("v1.33.0", true, true), ("v1.36.1", true, true),
        ]
        for (version, works, ordered) in cases {
            let target = Self.node(version)
            #expect((target.nativeSidecars, target.orderedTermination) == (works, ordered), "\(version)")
        }
        #expect(Self.node("v1.36.1").reason == "1.36: native sidecars are GA (the SidecarContainers gate was removed in 1.36)")
    }

    @Test func theGateSampleWinsOverTheVersion() {
        // A 1.30 kubelet started with --feature-gates=SidecarContainers=false.
        let off = Self.node("v1.30.4", gate: (false, "BETA"))
        #expect(!off.nativeSidecars)
        #expect(off.reason == "SidecarContainers is off (beta, turned off with --feature-gates=SidecarContainers=false):"
            + " it rejects pods with sidecars (reason InitContainerRestartPolicyForbidden)")
        // 1.28 with the alpha gate on: works, but no ordered termination.
        let alpha = Self.node("v1.28.9", gate: (true, "ALPHA"))
        #expect((alpha.nativeSidecars, alpha.orderedTermination) == (true, false))
        // No version, no gate: unknown counts as lacking.
        #expect(!Self.node(nil).nativeSidecars)
    }

    @Test func buildInfoGivesTheVersionAndBadGateValuesAreRejected() throws {
        let metrics = """
            # TYPE kubernetes_build_info gauge
            kubernetes_build_info{git_version="v1.31.2+rke2r1",major="1",minor="31"} 1
            kubernetes_feature_enabled{name="SidecarContainers",stage="BETA"} 1
            """
        let observed = try FeatureCheck.observe(.init(node: "a", file: "a.metrics", text: metrics))
        #expect(observed.version?.text == "v1.31.2+rke2r1")
        #expect(observed.gate == FeatureCheckReport.Gate(enabled: true, stage: "BETA", source: "a.metrics:3"))
        #expect(throws: FeatureCheck.InputError("a.metrics: line 1: kubernetes_feature_enabled{name=\"SidecarContainers\"} is NaN, expected 0 or 1")) {
            try FeatureCheck.observe(.init(node: "a", file: "a.metrics", text: "kubernetes_feature_enabled{name=\"SidecarContainers\",stage=\"\"} NaN"))
        }
    }
}
