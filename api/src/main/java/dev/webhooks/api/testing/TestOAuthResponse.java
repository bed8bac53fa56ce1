package dev.webhooks.api.testing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The contract's {@code TestOAuthResponse}. {@code expires_in} and {@code token_type} are present only when the
 * exchange succeeded; {@code message} always says what happened.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestOAuthResponse(
        boolean success,
        @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("token_type") String tokenType,
        String message) {
}
