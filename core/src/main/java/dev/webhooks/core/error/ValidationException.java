package dev.webhooks.core.error;

import java.util.List;

/** The request is invalid; every failing field is listed so a client can fix them all in one round trip. */
public class ValidationException extends ClientErrorException {

    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(400, "Validation failed", describe(errors));
        this.errors = List.copyOf(errors);
    }

    public ValidationException(String field, String reason) {
        this(List.of(new FieldError(field, reason)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(List<FieldError> errors) {
        StringBuilder detail = new StringBuilder();
        for (FieldError error : errors) {
            if (!detail.isEmpty()) {
                detail.append("; ");
            }
            detail.append(error.field()).append(": ").append(error.reason());
        }
        return detail.toString();
    }
}
