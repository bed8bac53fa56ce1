package dev.webhooks.core.application.dispatch;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.application.telemetry.LogContext;

import dev.webhooks.core.settings.DeliverySettings;

/**
 * The threads an invocation's deliveries run on: a fixed pool of {@code webhooks.delivery.concurrency} platform
 * threads (32 by default), kept for the life of the warm function.
 *
 * <p>Why platform threads: every call on the delivery path blocks (the Apache HttpClient 5 classic client with its
 * DNS-level SSRF guard, the synchronous AWS SDK clients), the bound is small, and the build targets Java 17 and native
 * images. Virtual threads would need Java 21 and still pin their carrier inside the blocking clients'
 * {@code synchronized} sections on Lambda's Java 21 runtime; an async client would mean a second HTTP stack beside the
 * guarded one. A bounded pool gives the same concurrency with none of that.
 */
@ApplicationScoped
public class DeliveryPool {

    private final ExecutorService threads;

    public DeliveryPool(DeliverySettings settings) {
        if (settings.concurrency() < 1 || settings.perOrganizationConcurrency() < 1) {
            // Zero would start nothing and acknowledge every message undelivered: refuse to start instead.
            throw new IllegalStateException("webhooks.delivery.concurrency and per-organization-concurrency must be "
                    + "at least 1");
        }
        AtomicInteger number = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(settings.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "delivery-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code task} on the pool, in the logging context of the caller (the invocation's request id). */
    public <T> Future<T> submit(Callable<T> task) {
        return threads.submit(LogContext.carrying(task));
    }

    /**
     * A completion service over the pool: tasks submitted to it are taken back in the order they end, and run in the
     * logging context of the thread that submitted them.
     */
    <T> CompletionService<T> completionService() {
        return new ExecutorCompletionService<>(command -> threads.execute(LogContext.carrying(command)));
    }

    @PreDestroy
    void close() {
        threads.shutdownNow();
    }
}
