package dev.webhooks.core.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which webhook endpoints a config may name. */
@ConfigMapping(prefix = "webhooks.endpoints")
public interface EndpointSettings {

    /** Accept {@code http://} URLs. Off when deployed (the contract requires HTTPS); the local profile turns it on. */
    @WithDefault("false")
    boolean allowPlainHttp();
}
