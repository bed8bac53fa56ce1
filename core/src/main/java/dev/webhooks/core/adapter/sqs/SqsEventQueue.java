package dev.webhooks.core.adapter.sqs;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;

import dev.webhooks.core.adapter.InitPhase;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.QueueMessageBodies;
import dev.webhooks.core.delivery.RetryMessage;
import dev.webhooks.core.port.EventQueue;
import dev.webhooks.core.settings.QueueSettings;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The event queue in SQS. Delays use {@code DelaySeconds}, which SQS caps at 15 minutes. */
@ApplicationScoped
public class SqsEventQueue implements EventQueue {

    private static final int MAX_DELAY_SECONDS = 900;

    private final SqsClient sqs;
    private final QueueMessageBodies bodies;
    private final String queueUrl;

    public SqsEventQueue(SqsClient sqs, ObjectMapper mapper, QueueSettings queues) {
        this.sqs = sqs;
        this.bodies = new QueueMessageBodies(mapper);
        this.queueUrl = queues.eventsUrl();
    }

    /**
     * Builds the SQS client in Lambda's init phase rather than on the first send, where init is ahead of the requests
     * ({@link InitPhase}). Nothing is sent: every call would cost a message or need a permission the functions do not
     * have. Static, so that an on-demand start creates neither this queue nor the client here.
     */
    static void buildTheClientInTheInitPhase(@Observes StartupEvent startup, SqsClient sqs) {
        if (InitPhase.isAheadOfRequests()) {
            sqs.serviceClientConfiguration();
        }
    }

    @Override
    public void scheduleRetry(RetryMessage retry, Duration delay) {
        publish(bodies.retry(retry), delay);
    }

    @Override
    public void direct(DirectedEvent event) {
        publish(bodies.directed(event), Duration.ZERO);
    }

    @Override
    public void publish(String eventJson, Duration delay) {
        int seconds = (int) Math.max(0, Math.min(MAX_DELAY_SECONDS, (delay.toMillis() + 999) / 1000));
        sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(eventJson).delaySeconds(seconds));
    }
}
