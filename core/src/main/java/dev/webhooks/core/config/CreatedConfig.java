package dev.webhooks.core.config;

/** A config just created, with the one moment its signing secret may be shown. */
public record CreatedConfig(WebhookConfig config, Secret signingSecret) {
}
