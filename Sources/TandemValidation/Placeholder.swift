// TandemValidation
