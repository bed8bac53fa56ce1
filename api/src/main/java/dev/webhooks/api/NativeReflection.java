package dev.webhooks.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.webhooks.api.error.Problem;
import dev.webhooks.core.error.FieldError;

/**
 * Types Jackson serializes by reflection that Quarkus cannot discover from resource signatures (they travel inside a
 * {@code Response}); without this list the native image would answer errors with empty bodies.
 */
@RegisterForReflection(targets = { Problem.class, FieldError.class })
public final class NativeReflection {

    private NativeReflection() {
    }
}
