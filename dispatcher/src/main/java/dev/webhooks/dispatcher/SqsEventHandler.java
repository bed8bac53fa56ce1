package dev.webhooks.dispatcher;

import java.util.List;

import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import org.jboss.logging.Logger;

/**
 * The dispatcher function's entry point: an SQS batch in, the messages to redeliver out (partial batch failures).
 * Delivery itself arrives with the dispatcher issue; until then every message is acknowledged and logged by id.
 */
@Named("dispatcher")
public class SqsEventHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = Logger.getLogger(SqsEventHandler.class);

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        messages.forEach(message -> LOG.infof("Received message %s", message.getMessageId()));
        return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
    }
}
