package dev.webhooks.core.application.wiring;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes reached by reflection at run time that a native image must keep: the JSONata library looks up its built-in
 * functions ({@code Functions}) by name through reflection.
 */
@RegisterForReflection(targets = { com.dashjoin.jsonata.Functions.class, com.dashjoin.jsonata.Jsonata.class,
        com.dashjoin.jsonata.utils.Signature.class }, methods = true, fields = true)
public final class NativeImageHints {

    private NativeImageHints() {
    }
}
