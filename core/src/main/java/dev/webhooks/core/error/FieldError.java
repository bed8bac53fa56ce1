package dev.webhooks.core.error;

/**
 * One reason a request was refused: the JSON path of the offending field (for example {@code auth.basicAuthConfig.username})
 * and a sentence a person can act on.
 */
public record FieldError(String field, String reason) {
}
