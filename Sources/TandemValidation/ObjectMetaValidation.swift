import TandemAPI

/// `ValidateObjectMeta` / `ValidateLabels` / `ValidateAnnotations` as run on create, after the API
/// server has generated the name (from `generateName`) and filled the namespace from the request.
enum ObjectMetaValidation {
    static let totalAnnotationSizeLimit = 256 * 1024

    static func validate(_ meta: ObjectMeta?, path: FieldPath) -> [FieldError] {
        let meta = meta ?? ObjectMeta()
        var errors: [FieldError] = []
        let generateName = meta.generateName.orEmpty
        if !generateName.isEmpty {
            for message in NameRules.nameIsDNSSubdomain(generateName, prefix: true) {
                errors.append(.invalid(path.child("generateName"), generateName, message))
            }
        }
        let name = meta.name.orEmpty
        if name.isEmpty {
            // The API server generates a name from generateName before validating.
            if generateName.isEmpty {
                errors.append(.required(path.child("name"), "name or generateName is required"))
            }
        } else {
            for message in NameRules.nameIsDNSSubdomain(name, prefix: false) {
                errors.append(.invalid(path.child("name"), name, message))
            }
        }
        if let namespace = meta.namespace, !namespace.isEmpty {
            for message in NameRules.dns1123Label(namespace) {
                errors.append(.invalid(path.child("namespace"), namespace, message))
            }
        }
        if let generation = meta.generation, generation < 0 {
            errors.append(.invalid(path.child("generation"), generation, "must be greater than or equal to 0"))
        }
        errors += validateLabels(meta.labels, path: path.child("labels"))
        errors += validateAnnotations(meta.annotations, path: path.child("annotations"))
        return errors
    }

    /// Label keys must be qualified names and values valid label values; errors sit on the map's path.
    static func validateLabels(_ labels: [String: String]?, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        // Go iterates the map in random order; sorted keys keep the output stable.
        for key in (labels ?? [:]).keys.sorted() {
            for message in NameRules.qualifiedName(key) {
                errors.append(.invalid(path, key, message))
            }
            let value = labels?[key] ?? ""
            for message in NameRules.labelValue(value) {
                errors.append(.invalid(path, value, message))
            }
        }
        return errors
    }

    static func validateAnnotations(_ annotations: [String: String]?, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var size = 0
        for key in (annotations ?? [:]).keys.sorted() {
            for message in NameRules.qualifiedName(key.lowercased()) {
                errors.append(.invalid(path, key, message))
            }
            size += key.utf8.count + (annotations?[key]?.utf8.count ?? 0)
        }
        if size > totalAnnotationSizeLimit {
            errors.append(.tooLong(path, maxLength: totalAnnotationSizeLimit))
        }
        return errors
    }
}
