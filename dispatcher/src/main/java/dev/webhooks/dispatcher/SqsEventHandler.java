package dev.webhooks.dispatcher;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import dev.webhooks.core.application.dispatch.Deadline;
import dev.webhooks.core.application.dispatch.DispatchService;
import dev.webhooks.core.application.dispatch.QueueMessage;
import dev.webhooks.core.application.telemetry.LogContext;

/**
 * The dispatcher function: an SQS batch in, the messages SQS should deliver again out (partial batch responses,
 * {@code ReportBatchItemFailures}). Everything else happens in {@link DispatchService}.
 */
@Named("dispatcher")
public class SqsEventHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Duration MAX_INVOCATION = Duration.ofMinutes(15);

    private final DispatchService dispatch;

    public SqsEventHandler(DispatchService dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<QueueMessage> messages = event.getRecords() == null ? List.of()
                : event.getRecords().stream().map(record -> new QueueMessage(record.getMessageId(), record.getBody(),
                        receiveCount(record))).toList();
        try (LogContext.Scope invocation = LogContext.invocation(context.getAwsRequestId())) {
            List<String> redeliver = dispatch.dispatch(messages, () -> remaining(context));
            return new SQSBatchResponse(redeliver.stream().map(SQSBatchResponse.BatchItemFailure::new).toList());
        }
    }

    /** SQS's {@code ApproximateReceiveCount} of the message; 0 (unknown) when absent or unreadable. */
    static int receiveCount(SQSEvent.SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 0 : Integer.parseInt(count.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The invocation's remaining time. A Lambda function runs at most 15 minutes, so a value outside that range means
     * the context carries no deadline: Quarkus' mock event server (dev mode, tests, the local runner) sends none, and
     * its context then reports an overflowed number. Off Lambda there is no deadline to respect.
     */
    static Duration remaining(Context context) {
        long millis = context.getRemainingTimeInMillis();
        return millis < -MAX_INVOCATION.toMillis() || millis > MAX_INVOCATION.toMillis() ? Deadline.NONE.remaining()
                : Duration.ofMillis(millis);
    }
}
