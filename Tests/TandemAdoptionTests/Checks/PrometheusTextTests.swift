import Testing
@testable import TandemAdoption

@Suite struct PrometheusTextTests {
    @Test func parsesTheExpositionFormatWhole() throws {
        let text = """
            # HELP http_requests_total The total number of HTTP requests.\\nSecond line with \\\\ backslash.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{code="400" , method="post",} 3 1395066363000

            # A free comment
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
            metric_without_timestamp_and_labels 12.47
            something_weird{problem="division by zero"} +Inf -3982045
            not_a_number NaN
            \tnegative{a="b"}\t-Inf
            kubernetes_feature_enabled{stage="",name="SidecarContainers"} 1

            """
        let parsed = try PrometheusText.parse(text)
        #expect(parsed == PrometheusText(
            samples: [
                .init(name: "http_requests_total", labels: ["method": "post", "code": "200"], value: 1027,
                      timestampMilliseconds: 1_395_066_363_000, line: 3),
                .init(name: "http_requests_total", labels: ["method": "post", "code": "400"], value: 3,
                      timestampMilliseconds: 1_395_066_363_000, line: 4),
                .init(name: "msdos_file_access_time_seconds",
                      labels: ["path": #"C:\DIR\FILE.TXT"#, "error": "Cannot find file:\n\"FILE.TXT\""], value: 1.458255915e9, line: 7),
                .init(name: "metric_without_timestamp_and_labels", labels: [:], value: 12.47, line: 8),
                .init(name: "something_weird", labels: ["problem": "division by zero"], value: .infinity,
                      timestampMilliseconds: -3_982_045, line: 9),
                .init(name: "not_a_number", labels: [:], value: .nan, line: 10),
                .init(name: "negative", labels: ["a": "b"], value: -.infinity, line: 11),
                .init(name: "kubernetes_feature_enabled", labels: ["stage": "", "name": "SidecarContainers"], value: 1, line: 12),
            ],
            types: ["http_requests_total": "counter"],
            help: ["http_requests_total": "The total number of HTTP requests.\nSecond line with \\ backslash."]))
    }

    @Test(arguments: [
        ("x{a=\"b\" 1", "line 1: expected \",\" or \"}\" after label \"a\" of metric \"x\", found \"1\""),
        ("x{a=b} 1", "line 1: expected a quoted value for label \"a\" of metric \"x\", found \"b}\""),
        ("x{a=\"\\q\"} 1", "line 1: invalid escape sequence in the value of label \"a\" of metric \"x\""),
        ("x{a=\"1\",a=\"2\"} 1", "line 1: duplicate label \"a\" in metric \"x\""),
        ("\n\nx 1 2 3", "line 3: unexpected \"3\" after the timestamp of metric \"x\""),
        ("x one", "line 1: invalid value \"one\" for metric \"x\""),
        ("x", "line 1: missing value for metric \"x\""),
        ("x 1 1.5", "line 1: invalid timestamp \"1.5\" for metric \"x\""),
        ("9x 1", "line 1: invalid metric name: expected a name, found \"9x\""),
        ("# TYPE x gauge\n# TYPE x counter", "line 2: second # TYPE line for metric \"x\""),
        ("# TYPE x wibble", "line 1: unknown metric type \"wibble\" in # TYPE x"),
        ("x{a=\"open} 1", "line 1: unterminated value of label \"a\" of metric \"x\""),
    ])
    func rejectsBadLinesNamingTheLine(input: String, message: String) {
        #expect(throws: PrometheusText.ParseError.self) { try PrometheusText.parse(input) }
        do {
            _ = try PrometheusText.parse(input)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func versionsWithVendorSuffixes() throws {
        let eks = try #require(KubernetesVersion("v1.29.4-eks-036c24b"))
        #expect((eks.major, eks.minor, eks.patch) == (1, 29, 4))
        let k3s = try #require(KubernetesVersion("v1.30.2+k3s1"))
        #expect((k3s.major, k3s.minor, k3s.patch) == (1, 30, 2))
        let gke = try #require(KubernetesVersion("v1.28.3-gke.1286000"))
        #expect((gke.major, gke.minor, gke.patch) == (1, 28, 3))
        #expect(KubernetesVersion("1.33").map { ($0.minor, $0.patch == nil) } ?? (0, false) == (33, true))
        for bad in ["", "v", "1", "v1.x.3", "latest", "v1..2", "v1.29.4.5"] {
            #expect(KubernetesVersion(bad) == nil, "\(bad)")
        }
    }

    @Test func sidecarGateHistoryFollowsKubeFeatures() throws {
        func spec(_ text: String) throws -> SidecarContainersGate.Spec? {
            SidecarContainersGate.spec(at: try #require(KubernetesVersion(text)))
        }
        #expect(try spec("v1.27.9") == nil)
        #expect(try spec("v1.28.0") == .init(stage: "ALPHA", defaultOn: false, locked: false))
        #expect(try spec("v1.29.0") == .init(stage: "BETA", defaultOn: true, locked: false))
        #expect(try spec("v1.32.5") == .init(stage: "BETA", defaultOn: true, locked: false))
        #expect(try spec("v1.33.0") == .init(stage: "", defaultOn: true, locked: true))
    }
}
