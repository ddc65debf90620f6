import Foundation
import Testing

/// README.md shows what the commands print; a new user runs them and compares. These tests run
/// every `$ tandem …` line of the README's output blocks and the `tandem inject` before/after
/// example, and compare the whole output with what the README shows.
@Suite struct ReadmeExampleTests {
    /// One `$ tandem ARGS` line of a README code block and the lines shown after it.
    struct Example: CustomTestStringConvertible {
        var arguments: [String]
        var expected: String
        var testDescription: String { "tandem " + arguments.joined(separator: " ") }
    }

    static func readme() throws -> String {
        try String(contentsOf: Tandem.repository.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// The `$ tandem` examples, in README order. A `# comment` after the command is the README's.
    static func examples() throws -> [Example] {
        var examples: [Example] = []
        var inBlock = false
        var current: Example?
        for line in try readme().split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let done = current { examples.append(done) }
                current = nil
                inBlock.toggle()
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("$ tandem ") {
                if let done = current { examples.append(done) }
                let command = line.dropFirst("$ tandem ".count).split(separator: "#", maxSplits: 1)[0]
                current = Example(arguments: command.split(separator: " ").map(String.init), expected: "")
            } else if current != nil {
                current?.expected += line + "\n"
            }
        }
        return examples
    }

    @Test func theReadmeShowsExamples() throws {
        // validate (two), resources, lint and simulate: an empty list would make the next test pass vacuously.
        #expect(try Self.examples().map(\.arguments.first) == ["validate", "validate", "resources", "lint", "simulate"])
    }

    @Test(arguments: try examples())
    func exampleOutputIsTheRealOutput(example: Example) throws {
        let result = try Tandem.run(example.arguments)
        #expect(result.stdout == example.expected, "stderr: \(result.stderr)")
    }

    /// The right column of the side-by-side block is `tandem inject`'s output from `spec:` on,
    /// the left column the input file's.
    @Test func injectBeforeAndAfterAreTheRealFiles() throws {
        let readme = try Self.readme()
        let start = try #require(readme.range(of: "# before                                  # after\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let rows = readme[start.upperBound..<end.lowerBound].split(separator: "\n")
        let left = rows.map { String($0.prefix(42)).replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression) }
            .filter { !$0.isEmpty }
        let right = rows.map { String($0.dropFirst(42)) }.filter { !$0.isEmpty }

        let input = try String(contentsOf: Tandem.repository.appendingPathComponent("examples/web-deployment.yaml"), encoding: .utf8)
        #expect(left == Self.fromSpec(input))
        let result = try Tandem.run(["inject", "examples/web-deployment.yaml", "--sidecar", "tests/inject/shipper-sidecar.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(right == Self.fromSpec(result.stdout))
    }

    static func fromSpec(_ text: String) -> [String] {
        let lines = text.split(separator: "\n").map(String.init)
        return Array(lines.drop { $0 != "spec:" })
    }
}
