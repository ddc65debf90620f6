import Foundation
import Testing
import TandemAPI
import TandemManifest
@testable import TandemValidation

/// The published `validation.json` vectors and our own ports in `validation-extra.json` (README §5.2):
/// the complete (field, type) list must match.
struct ConformanceVectorTests {
    struct VectorFile: Decodable {
        var format: String
        var vectors: [Vector]
    }

    struct Vector: Decodable {
        struct Source: Decodable {
            var note: String?
        }

        var name: String
        var source: Source?
        var pod: Pod
        var expect: Expectation

        /// The Go test validated an undefaulted object whose limits v1 defaulting would copy into requests.
        var dependsOnRequestsFromLimits: Bool { source?.note?.contains("requests from limits") == true }
    }

    struct Expectation: Decodable {
        var valid: Bool
        var errors: [Expected]
    }

    struct Expected: Decodable, Equatable, CustomStringConvertible {
        var field: String
        var type: String
        var description: String { "\(field) \(type)" }
    }

    static func loadVectors(_ file: String = "validation") throws -> [Vector] {
        let url = try #require(Bundle.module.url(forResource: file, withExtension: "json", subdirectory: "Fixtures"))
        let file = try JSONDecoder().decode(VectorFile.self, from: Data(contentsOf: url))
        #expect(file.format == "tandem-validation-vectors/v1")
        return file.vectors
    }

    @Test func fixtureHasVectors() throws {
        #expect(try Self.loadVectors().count >= 21)
        #expect(try Self.loadVectors("validation-extra").count >= 50)
    }

    @Test func vectorNamesAreUniqueAcrossFiles() throws {
        let names = try Self.loadVectors().map(\.name) + Self.loadVectors("validation-extra").map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test(arguments: try loadVectors() + loadVectors("validation-extra"))
    func vectorMatchesAPIServer(_ vector: Vector) {
        let errors = PodValidation.validate(pod: vector.pod)
        let actual = errors.map { Expected(field: $0.field, type: $0.type.rawValue) }
        #expect(actual == vector.expect.errors, "\(vector.name): \(errors.map(\.description))")
        #expect(errors.isEmpty == vector.expect.valid, "\(vector.name)")
    }

    /// The same outcome when the manifest module's defaulting ran first (tandem validate/run path).
    @Test(arguments: try loadVectors() + loadVectors("validation-extra"))
    func vectorMatchesAfterManifestDefaulting(_ vector: Vector) {
        var pod = vector.pod
        if var spec = pod.spec {
            Defaulting.apply(to: &spec)
            pod.spec = spec
        }
        let actual = PodValidation.validate(pod: pod).map { Expected(field: $0.field, type: $0.type.rawValue) }
        if vector.dependsOnRequestsFromLimits {
            // Defaulted requests repeat the limit's errors under `resources.requests`.
            #expect(actual.filter { !$0.field.contains(".resources.requests") } == vector.expect.errors, "\(vector.name)")
            #expect(actual.count > vector.expect.errors.count, "\(vector.name)")
        } else {
            #expect(actual == vector.expect.errors, "\(vector.name)")
        }
    }
}

extension ConformanceVectorTests.Vector: CustomTestStringConvertible {
    var testDescription: String { name }
}
