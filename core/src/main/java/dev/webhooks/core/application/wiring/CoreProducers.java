package dev.webhooks.core.application.wiring;

import java.security.SecureRandom;
import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.DefaultBean;

import dev.webhooks.core.application.dispatch.OAuthTokens;
import dev.webhooks.core.application.dispatch.WebhookSender;
import dev.webhooks.core.application.signing.OrganizationSigningKeys;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.WebhookConfigRequestReader;
import dev.webhooks.core.delivery.InboundEventParser;
import dev.webhooks.core.delivery.RetrySchedule;
import dev.webhooks.core.event.EventCatalog;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.port.WebhookTransport;
import dev.webhooks.core.settings.DeliverySettings;
import dev.webhooks.core.settings.EndpointSettings;

/** Wires the framework-free domain objects into CDI, once per function instance. */
public class CoreProducers {

    @Produces
    @Singleton
    EventCatalog eventCatalog(ObjectMapper mapper) {
        return EventCatalog.load(mapper);
    }

    @Produces
    @Singleton
    WebhookConfigRequestReader requestReader(EventCatalog catalog, EndpointSettings endpoints) {
        return new WebhookConfigRequestReader(catalog, endpoints.allowPlainHttp());
    }

    @Produces
    @Singleton
    ConfigIds configIds() {
        return new ConfigIds(new SecureRandom());
    }

    @Produces
    @Singleton
    InboundEventParser inboundEventParser(ObjectMapper mapper) {
        return new InboundEventParser(mapper);
    }

    @Produces
    @Singleton
    FilterEngine filterEngine(DeliverySettings settings) {
        return new FilterEngine(settings.jsonataTimeout(), settings.jsonataEvaluators(),
                settings.jsonataEvaluatorsPerOrganization());
    }

    @Produces
    @Singleton
    OAuthTokens oauthTokens(WebhookTransport transport, ObjectMapper mapper, Clock clock) {
        return new OAuthTokens(transport, mapper, clock);
    }

    @Produces
    @Singleton
    WebhookSender webhookSender(WebhookTransport transport, OAuthTokens tokens, OrganizationSigningKeys signingKeys,
            Clock clock, DeliverySettings settings) {
        return new WebhookSender(transport, tokens, signingKeys, clock, settings.sendTimeout());
    }

    @Produces
    @Singleton
    RetrySchedule retrySchedule(DeliverySettings settings) {
        SecureRandom random = new SecureRandom();
        return new RetrySchedule(settings.retrySchedule(), settings.retryJitter(), random::nextDouble);
    }

    /** Tests replace the clock to move time without sleeping. */
    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
