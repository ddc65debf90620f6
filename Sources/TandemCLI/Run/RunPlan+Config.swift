import TandemAdoption
import TandemAPI
import TandemManifest
import TandemRuntime
import TandemValidation

extension RunPlan {
    /// The ConfigMaps and Secrets of one file, validated as the API server validates them, go
    /// into `store` (other kinds are passed over with a note: `sortSkipped`).
    static func collect(_ skipped: [SkippedObject], into store: inout ConfigStore, lines: inout [String]) {
        for object in skipped {
            let name = object.name ?? ""
            guard let config = object.config else { continue }
            let errors: [FieldError]
            switch config {
            case .configMap(let configMap): errors = ConfigValidation.validate(configMap: configMap)
            case .secret(let secret): errors = ConfigValidation.validate(secret: secret)
            }
            if !errors.isEmpty {
                lines.append(invalidMessage(kind: config.kind, name: name, file: object.file, errors: errors))
                continue
            }
            do {
                switch config {
                case .configMap(let configMap): try store.add(configMap)
                case .secret(let secret): try store.add(secret)
                }
            } catch {
                lines.append("tandem: \(GoQuoting.printable(object.file)): \(config.kind) \(GoQuoting.quote(name)) "
                    + "cannot be handled as a \(config.kind): \(error.message)")
            }
        }
    }
}
