package dev.webhooks.core.application.dispatch;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.Delivery;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.filter.FilterUnavailableException;
import dev.webhooks.core.filter.TransformResult;

/**
 * What a delivery sends. The body is decided once per (event, config) pair, by its first attempt past the filter: the
 * config's transform ({@code jsonataExpression}) of the event when it has one, else the event as it came. The record
 * keeps it, and every later attempt of the pair (a retry, an attempt that waited in the queue) sends the same bytes
 * under the same {@code webhook-id}, whatever the config's expression has become since.
 */
@ApplicationScoped
public class DeliveryBodies {

    private final FilterEngine expressions;

    public DeliveryBodies(FilterEngine expressions) {
        this.expressions = expressions;
    }

    /**
     * The body already decided for this attempt: the one the delivery carries (a replay without
     * {@code reapply_transform}), else the one its pair's record holds; empty when the attempt is to decide it.
     */
    public static Optional<String> decided(Delivery delivery, DeliveryRecord record) {
        return delivery.fixedBody() != null ? Optional.of(delivery.fixedBody()) : record.decidedBody();
    }

    /** The final outcome of a delivery whose transform made no body of its event: nothing was sent. */
    public static DeliveryOutcome transformFailed(TransformResult failed, Instant now) {
        return DeliveryOutcome.failure(FailureCode.TransformError, "The config's transform failed, so nothing was"
                + " sent: " + failed.error(), now, now);
    }

    /**
     * Whether the config's deliveries are transformed: it has an expression, and its method sends a body (GET, HEAD
     * and OPTIONS send none, so their deliveries are not held to a transform whose result nobody receives).
     */
    public boolean transforms(WebhookConfig config) {
        String expression = config.jsonataExpression();
        return expression != null && !expression.isBlank() && WebhookSender.carriesBody(config.httpMethod());
    }

    /**
     * A new body for {@code event}: the config's transform of it, else the event itself.
     *
     * @throws FilterUnavailableException when the transform could not be evaluated now (not a failure of it)
     */
    public TransformResult decide(WebhookConfig config, InboundEvent event) {
        if (!transforms(config)) {
            return TransformResult.sent(event.payloadJson());
        }
        return expressions.transform(config.organizationId(), config.jsonataExpression(), event.payload());
    }
}
