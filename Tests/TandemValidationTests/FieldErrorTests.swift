import Testing
@testable import TandemValidation

/// `FieldError.description` must be byte-identical to Go's `field.Error.Error()`.
struct FieldErrorTests {
    let initContainer = FieldPath("spec").child("initContainers").index(0)

    @Test func notSupportedQuotesValueAndSupportedList() {
        let error = FieldError.notSupported(initContainer.child("restartPolicy"), "OnFailure", ["Always"])
        #expect(error.description == #"spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always""#)
        #expect(error.type.rawValue == "FieldValueNotSupported")
    }

    @Test func requiredOmitsValue() {
        let error = FieldError.required(FieldPath("spec").child("containers").index(0).child("name"))
        #expect(error.description == "spec.containers[0].name: Required value")
    }

    @Test func requiredWithDetail() {
        let error = FieldError.required(FieldPath("spec").child("containers").index(0).child("livenessProbe"), "must specify a handler type")
        #expect(error.description == "spec.containers[0].livenessProbe: Required value: must specify a handler type")
    }

    @Test func forbiddenOmitsValue() {
        let error = FieldError.forbidden(initContainer.child("startupProbe"), "may not be set for init containers without restartPolicy=Always")
        #expect(error.description == "spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always")
    }

    @Test func duplicateQuotesValue() {
        #expect(FieldError.duplicate(initContainer.child("name"), "x").description == #"spec.initContainers[0].name: Duplicate value: "x""#)
    }

    @Test func invalidIntIsBare() {
        let error = FieldError.invalid(FieldPath("spec").child("containers").index(0).child("livenessProbe", "successThreshold"), Int64(2), "must be 1")
        #expect(error.description == "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1")
    }

    @Test func invalidStringEscapesLikeStrconvQuote() {
        let error = FieldError.invalid(FieldPath("x"), "a\"b\\c\n", "bad")
        #expect(error.description == #"x: Invalid value: "a\"b\\c\n": bad"#)
    }

    @Test func notFoundAndTooLong() {
        #expect(FieldError.notFound(FieldPath("a"), "v").description == #"a: Not found: "v""#)
        #expect(FieldError.tooLong(FieldPath("metadata.annotations"), maxLength: 262144).description
                == "metadata.annotations: Too long: may not be more than 262144 bytes")
    }

    @Test func pathKeysAndIndices() {
        let path = FieldPath("spec").child("containers").index(2).child("resources", "limits").key("cpu")
        #expect(path.description == "spec.containers[2].resources.limits[cpu]")
        #expect(FieldPath().child("spec").description == "spec")
    }

    @Test func errorTypeRawValuesAreGoStrings() {
        #expect(FieldError.ErrorType.allCases.map(\.rawValue) == [
            "FieldValueNotFound", "FieldValueRequired", "FieldValueDuplicate", "FieldValueInvalid", "FieldValueNotSupported",
            "FieldValueForbidden", "FieldValueTooLong", "FieldValueTooMany", "InternalError", "FieldValueTypeInvalid",
        ])
    }
}
