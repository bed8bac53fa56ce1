package dev.webhooks.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.webhooks.api.error.Problem;
import dev.webhooks.api.events.ConfiguredEventResource;
import dev.webhooks.api.keys.PublicKeyResource.PublicKeyResponse;
import dev.webhooks.api.testing.FilterTestResponse;
import dev.webhooks.api.testing.TestOAuthResponse;
import dev.webhooks.core.error.FieldError;

/**
 * Types Jackson serializes by reflection that Quarkus cannot discover from resource signatures (they travel inside a
 * {@code Response}); without this list the native image would answer errors with empty bodies. Records that resources
 * return are listed too, so their JSON does not hang on discovery.
 */
@RegisterForReflection(targets = { Problem.class, FieldError.class, PublicKeyResponse.class,
        TestOAuthResponse.class, FilterTestResponse.class, FilterTestResponse.Result.class,
        ConfiguredEventResource.EventConfigEntry.class })
public final class NativeReflection {

    private NativeReflection() {
    }
}
