package dev.webhooks.core.application.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;

/**
 * Runs a batch's deliveries on the pool fairly: at most {@code total} at once, at most {@code perOrganization} of them
 * for one organization, and the organizations take turns for free threads. An organization with many slow deliveries
 * fills its share and no more; the others' deliveries start as soon as a thread is free, not after it.
 */
final class FairShares {

    /** One unit of work of an organization; it handles its own failures. */
    record Task(String organizationId, Runnable work) {
    }

    private FairShares() {
    }

    /** Runs every task and returns when all have ended. */
    static void runAll(DeliveryPool pool, int total, int perOrganization, List<Task> tasks) {
        if (total < 1 || perOrganization < 1) {
            throw new IllegalArgumentException("Both bounds must be at least 1, or nothing would run");
        }
        Map<String, Deque<Runnable>> waiting = new LinkedHashMap<>();
        for (Task task : tasks) {
            waiting.computeIfAbsent(task.organizationId(), ignored -> new ArrayDeque<>()).add(task.work());
        }
        List<String> turns = new ArrayList<>(waiting.keySet());
        Map<String, Integer> inFlight = new HashMap<>();
        CompletionService<String> ended = pool.completionService();
        int running = 0;
        int next = 0;
        while (true) {
            // Start what the bounds allow, one organization at a time in turn.
            boolean started = true;
            while (running < total && started) {
                started = false;
                for (int look = 0; look < turns.size() && running < total; look++) {
                    String organization = turns.get((next + look) % turns.size());
                    Deque<Runnable> queue = waiting.get(organization);
                    if (!queue.isEmpty() && inFlight.getOrDefault(organization, 0) < perOrganization) {
                        Runnable work = queue.poll();
                        ended.submit(() -> {
                            work.run();
                            return organization;
                        });
                        inFlight.merge(organization, 1, Integer::sum);
                        running++;
                        next = (next + look + 1) % turns.size();
                        started = true;
                        break;
                    }
                }
            }
            if (running == 0) {
                return;
            }
            inFlight.merge(awaitOne(ended), -1, Integer::sum);
            running--;
        }
    }

    private static String awaitOne(CompletionService<String> ended) {
        try {
            return ended.take().get();
        } catch (ExecutionException e) {
            // A task handles its own failures; what escapes is a bug or an Error, and must not pass silently.
            throw new IllegalStateException("A delivery task failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for deliveries", e);
        }
    }
}
