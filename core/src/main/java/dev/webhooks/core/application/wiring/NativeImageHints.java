package dev.webhooks.core.application.wiring;

import io.quarkus.runtime.annotations.RegisterForProxy;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes reached by reflection at run time that a native image must keep: the JSONata library looks up its built-in
 * functions ({@code Functions}) by name through reflection, and the filter's sandbox reads the fields of its syntax
 * tree nodes ({@code Parser$Symbol}) and installs its evaluation bounds as a dynamic proxy of the library's callback
 * interfaces.
 */
@RegisterForReflection(targets = { com.dashjoin.jsonata.Functions.class, com.dashjoin.jsonata.Jsonata.class,
        com.dashjoin.jsonata.utils.Signature.class }, classNames = "com.dashjoin.jsonata.Parser$Symbol",
        methods = true, fields = true)
@RegisterForProxy(targets = { com.dashjoin.jsonata.Jsonata.EntryCallback.class,
        com.dashjoin.jsonata.Jsonata.ExitCallback.class })
public final class NativeImageHints {

    private NativeImageHints() {
    }
}
