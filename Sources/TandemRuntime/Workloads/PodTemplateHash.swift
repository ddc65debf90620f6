import Foundation
import TandemAPI

/// The `pod-template-hash` / `controller-revision-hash` of a pod template, as
/// `pkg/controller/controller_utils.go` `ComputeHash` makes it in spirit: FNV-32a over the
/// template, its decimal value spelled with `rand.SafeEncodeString`'s alphabet (no vowels, so no
/// words). The bytes hashed differ: Kubernetes hashes a `spew` dump of the Go struct, tandem the
/// template as JSON with sorted keys, so the value is stable for a template but not byte-equal to
/// a cluster's. Written by hand: FNV-1a is eight lines and no package of ours carries it.
public enum PodTemplateHash {
    /// `rand.SafeEncodeString`'s alphabet (`k8s.io/apimachinery/pkg/util/rand`).
    public static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    public static func compute(_ template: PodTemplateSpec?) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = (try? encoder.encode(template ?? PodTemplateSpec())) ?? Data()
        return safeEncode(String(fnv32a(bytes)))
    }

    /// FNV-1a, 32 bits (Go's `hash/fnv` `New32a`).
    public static func fnv32a<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }

    /// `SafeEncodeString`: each byte mapped to `alphabet[byte % 27]`.
    public static func safeEncode(_ text: String) -> String {
        String(text.utf8.map { alphabet[Int($0) % alphabet.count] })
    }

    /// `rand.String(5)`: the random suffix the API server gives a `generateName`.
    public static func randomSuffix<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        String((0..<5).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
