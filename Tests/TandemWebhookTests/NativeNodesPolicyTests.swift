import TandemAPI
import Testing
@testable import TandemWebhook

@Suite struct NativeNodesPolicyTests {
    @Test func parsesPolicies() {
        #expect(NativeNodesPolicy(parsing: "label:sidecar.tandem.dev/native=true") == .nodeLabel(key: "sidecar.tandem.dev/native", value: "true"))
        #expect(NativeNodesPolicy(parsing: "label:native-sidecars") == .nodeLabel(key: "native-sidecars", value: nil))
        #expect(NativeNodesPolicy(parsing: "kubelet>=v1.29") == .minimumKubelet(KubeletVersion(parsing: "1.29.0")!))
        #expect(NativeNodesPolicy(parsing: "kubelet>=1.x") == nil)
        #expect(NativeNodesPolicy(parsing: "label:") == nil)
        #expect(NativeNodesPolicy(parsing: "1.29") == nil)
    }

    @Test func kubeletVersionsWithVendorSuffixes() {
        #expect(KubeletVersion(parsing: "v1.29.4-eks-036c24b")?.description == "v1.29.4")
        #expect(KubeletVersion(parsing: "v1.30.2+k3s1")?.description == "v1.30.2")
        #expect(KubeletVersion(parsing: "v1.28.3-gke.1286000")?.description == "v1.28.3")
        #expect(KubeletVersion(parsing: "v1") == nil)
        #expect(KubeletVersion(parsing: "banana") == nil)
        #expect(KubeletVersion(parsing: "v1.28.15")! < KubeletVersion(parsing: "v1.29.0")!)
    }

    func node(_ name: String, _ version: String, labels: [String: String] = [:]) -> NodeSummary {
        NodeSummary(name: name, labels: labels, kubeletVersion: KubeletVersion(parsing: version))
    }

    @Test func minimumKubeletCountsOnlyNodesThePodCanLandOn() {
        let policy = NativeNodesPolicy.minimumKubelet(KubeletVersion(parsing: "v1.29.0")!)
        let nodes = [node("old", "v1.28.9-eks-1", labels: ["pool": "legacy"]),
                     node("new-a", "v1.30.2+k3s1", labels: ["pool": "apps"]),
                     node("new-b", "v1.29.0", labels: ["pool": "apps"])]
        let anywhere = JSONValue.object(["containers": .array([])])
        let apps = JSONValue.object(["nodeSelector": .object(["pool": .string("apps")])])
        let nowhere = JSONValue.object(["nodeSelector": .object(["pool": .string("gpu")])])
        #expect(policy.mode(for: anywhere, nodes: nodes) == .universal)
        #expect(policy.mode(for: apps, nodes: nodes) == .native)
        #expect(policy.mode(for: nowhere, nodes: nodes) == .universal)
        #expect(policy.mode(for: apps, nodes: []) == .universal)
    }

    @Test func nodeLabelFromRequiredAffinity() {
        let policy = NativeNodesPolicy.nodeLabel(key: "native", value: "true")
        func affinity(_ terms: [[String: JSONValue]]) -> JSONValue {
            .object(["affinity": .object(["nodeAffinity": .object(["requiredDuringSchedulingIgnoredDuringExecution": .object([
                "nodeSelectorTerms": .array(terms.map { .object(["matchExpressions": .array([.object($0)])]) })])])])])
        }
        let inTrue: [String: JSONValue] = ["key": .string("native"), "operator": .string("In"), "values": .array([.string("true")])]
        let inEither: [String: JSONValue] = ["key": .string("native"), "operator": .string("In"), "values": .array([.string("true"), .string("false")])]
        #expect(policy.mode(for: affinity([inTrue]), nodes: []) == .native)
        #expect(policy.mode(for: affinity([inTrue, inEither]), nodes: []) == .universal)
        #expect(policy.mode(for: .object(["nodeSelector": .object(["native": .string("false")])]), nodes: []) == .universal)
    }
}

@Suite struct LabelSelectorTests {
    @Test func matchesLikeKubectl() throws {
        let selector = try LabelSelector(parsing: "app=web, tier!=db,env in (prod, staging),!legacy,team")
        #expect(selector.requirements == [.equals("app", "web"), .notEquals("tier", "db"),
                                          .isIn("env", ["prod", "staging"]), .doesNotExist("legacy"), .exists("team")])
        #expect(selector.matches(["app": "web", "env": "prod", "team": "a"]))
        #expect(!selector.matches(["app": "web", "env": "prod", "team": "a", "legacy": "1"]))
        #expect(!selector.matches(["app": "web", "env": "dev", "team": "a"]))
        #expect(!selector.matches(["app": "web", "env": "prod", "team": "a", "tier": "db"]))
        #expect(try LabelSelector(parsing: "env notin (dev)").matches([:]))
    }

    @Test func rejectsBadSelectors() {
        #expect(throws: LabelSelectorError.self) { try LabelSelector(parsing: "app=web,,x") }
        #expect(throws: LabelSelectorError.self) { try LabelSelector(parsing: "env in prod") }
        #expect(throws: LabelSelectorError.self) { try LabelSelector(parsing: "a b=c") }
    }
}
