import Testing
import TandemAPI
@testable import TandemRecords

/// Values ending in `\r` keep their line break (finding 6): Swift's `"\r\n"` is one Character, so
/// splitting on the Character `"\n"` glued such a value to the next line; kubectl (Go) splits bytes.
@Suite struct CarriageReturnDescribeTests {
    @Test func valuesEndingInCarriageReturnKeepTheirLineBreaks() {
        var app = Container(name: "app", image: "busybox", command: ["true", "arg\r"])
        app.args = ["one\r\ntwo"]
        app.env = [EnvVar(name: "V", value: "v\r")]
        var spec = PodSpec()
        spec.containers = [app]
        let metadata = ObjectMeta(name: "cr", annotations: ["a": "x\r", "b": "y", "c": "multi\r\nline\n"])
        let text = PodDescriber(pod: Pod(metadata: metadata, spec: spec), events: [],
                                now: RecordTime(nanosecondsSinceEpoch: 0)).render()
        let expected = [
            "Name:         cr",
            "Namespace:    default",
            "Node:         <none>",
            "Labels:       <none>",
            "Annotations:  a: x\r",
            "              b: y",
            "              c:",
            "                multi\r",
            "                line",
            "Status:       ",
            "IP:           ",
            "IPs:          <none>",
            "Containers:",
            "  app:",
            "    Image:      busybox",
            "    Port:       <none>",
            "    Host Port:  <none>",
            "    Command:",
            "      true",
            "      arg\r",
            "    Args:",
            "      one\r",
            "      two",
            "    Environment:",
            "      V:         v\r",
            "    Mounts:      <none>",
            "Volumes:         <none>",
            "QoS Class:       BestEffort",
            "Node-Selectors:  <none>",
            "Tolerations:     <none>",
            "Events:          <none>",
            "",
        ].joined(separator: "\n")
        // Compared as bytes: String equality would not see a "\r" moved across a line break.
        #expect(Array(text.utf8) == Array(expected.utf8))
        #expect(text.goSplit("\n").count == 32)
    }

    @Test func goSplitCutsAtTheScalarLikeGo() {
        #expect("a\r\nb\n".goSplit("\n") == ["a\r", "b", ""])
        #expect("\t\r\t".goSplit("\t") == ["", "\r", ""])
        #expect("x\r\n".endsWith(scalar: "\n") && !"x\r\n".hasSuffix("\n"))
    }
}
