package dev.webhooks.core.application.telemetry;

import java.util.Map;
import java.util.concurrent.Callable;

import org.jboss.logging.MDC;

/**
 * The fields every log line of the delivery path carries, in the logging context (MDC): deployed, the JSON formatter
 * writes them as the line's {@code mdc} object, so Logs Insights can find every line of one delivery, organization or
 * invocation. Ids only: never a secret, a token or a payload.
 */
public final class LogContext {

    public static final String REQUEST_ID = "lambda_request_id";
    public static final String ORGANIZATION = "organization_id";
    public static final String CONFIG = "config_id";
    public static final String EVENT = "event_id";
    public static final String WEBHOOK_ID = "webhook_id";
    public static final String ATTEMPT = "attempt";

    private LogContext() {
    }

    /** A scope of context fields: closing it removes them again. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Sets the invocation's request id on this thread, for every line until the scope closes. */
    public static Scope invocation(String requestId) {
        return with(Map.of(REQUEST_ID, requestId == null ? "unknown" : requestId));
    }

    /** Sets one delivery attempt's fields on this thread, for every line until the scope closes. */
    public static Scope delivery(String organizationId, String configId, String eventId, String webhookId,
            int attempt) {
        return with(Map.of(ORGANIZATION, organizationId, CONFIG, configId, EVENT, eventId, WEBHOOK_ID, webhookId,
                ATTEMPT, Integer.toString(attempt)));
    }

    /** Sets {@code fields} on this thread, for every line until the scope closes. */
    public static Scope with(Map<String, String> fields) {
        fields.forEach(MDC::put);
        return () -> fields.keySet().forEach(MDC::remove);
    }

    /** {@code task}, run with the context of the thread that made it (the invocation's request id on a pool thread). */
    public static <T> Callable<T> carrying(Callable<T> task) {
        Map<String, Object> context = Map.copyOf(MDC.getMap());
        return () -> {
            context.forEach(MDC::put);
            try {
                return task.call();
            } finally {
                context.keySet().forEach(MDC::remove);
            }
        };
    }

    /** {@code task}, run with the context of the thread that made it. */
    public static Runnable carrying(Runnable task) {
        Map<String, Object> context = Map.copyOf(MDC.getMap());
        return () -> {
            context.forEach(MDC::put);
            try {
                task.run();
            } finally {
                context.keySet().forEach(MDC::remove);
            }
        };
    }
}
