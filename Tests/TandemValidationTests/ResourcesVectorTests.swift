import Foundation
import Testing
import TandemAPI
@testable import TandemValidation

/// One vector of `Fixtures/resources.json` or our own ports in `Fixtures/resources-extra.json`
/// (`tandem-resource-vectors/v1`, conformance README §5.1).
struct ResourceVector: Decodable, Sendable, CustomTestStringConvertible {
    struct Expected: Decodable, Sendable {
        var quantity: String
        var milliValue: Int64
    }

    var name: String
    var function: String
    var options: ResourceOptions
    var pod: Pod
    var expected: [String: Expected]

    var testDescription: String { name }

    static func all(_ fileName: String = "resources") throws -> [ResourceVector] {
        struct File: Decodable {
            var format: String
            var vectors: [ResourceVector]
        }
        guard let url = Bundle.module.url(forResource: fileName, withExtension: "json", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        guard file.format == "tandem-resource-vectors/v1" else { throw CocoaError(.fileReadCorruptFile) }
        return file.vectors
    }
}

@Test func theVectorFileIsNotEmpty() throws {
    #expect(try ResourceVector.all().count >= 20)
    #expect(try ResourceVector.all("resources-extra").count >= 20)
}

@Test func resourceVectorNamesAreUniqueAcrossFiles() throws {
    let names = try ResourceVector.all().map(\.name) + ResourceVector.all("resources-extra").map(\.name)
    #expect(Set(names).count == names.count)
}

@Test(arguments: try ResourceVector.all() + ResourceVector.all("resources-extra"))
func vectorMatchesKubernetes(vector: ResourceVector) throws {
    let spec = try #require(vector.pod.spec)
    let actual: ResourceList
    switch vector.function {
    case "requests": actual = EffectiveResources.requests(spec, options: vector.options)
    case "limits": actual = EffectiveResources.limits(spec, options: vector.options)
    default:
        Issue.record("unknown function \(vector.function)")
        return
    }
    #expect(Set(actual.keys) == Set(vector.expected.keys), "no extra or missing resources")
    for (name, expected) in vector.expected {
        let quantity = try #require(actual[name], "\(name) missing")
        #expect(quantity.milliValue == expected.milliValue, "\(name)")
        #expect(quantity.description == expected.quantity, "\(name)")
    }
}
