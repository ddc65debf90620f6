/// The API server gives every object a `metadata.uid` on creation; tandem plays that part, so no
/// message or event shows an empty uid (`nocmd_default()`).
extension ObjectMeta {
    /// A random (version 4) UUID in lower case, as `k8s.io/apimachinery/pkg/util/uuid.NewUUID`
    /// gives: `8-4-4-4-12` hexadecimal digits. `SystemRandomNumberGenerator` is the OS's CSPRNG.
    public static func randomUID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }

    /// This metadata with a uid: its own when it has a non-empty one, else a random one.
    public func withUID() -> ObjectMeta {
        var meta = self
        if (meta.uid ?? "").isEmpty { meta.uid = Self.randomUID() }
        return meta
    }
}
