package dev.webhooks.core.filter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code perOrganization} JSONata evaluations of one organization at a time, so that however many slow
 * expressions one organization sends, the rest of the evaluators stay free for the others. A permit is held from
 * admission until the evaluation has really ended, not until its caller stopped waiting.
 *
 * <p>The semaphores are kept for the life of the function instance: one is a few dozen bytes, and organizations come
 * from verified tokens and configs, not from anything an attacker can mint.
 */
final class OrganizationBulkhead {

    private final int perOrganization;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();

    OrganizationBulkhead(int perOrganization) {
        if (perOrganization < 1) {
            throw new IllegalArgumentException("perOrganization must be at least 1, was " + perOrganization);
        }
        this.perOrganization = perOrganization;
    }

    /** Waits up to {@code waitMillis} for one of the organization's permits; false when none came free. */
    boolean tryEnter(String organization, long waitMillis) throws InterruptedException {
        return semaphore(organization).tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
    }

    void leave(String organization) {
        semaphore(organization).release();
    }

    /** Evaluations of the organization now admitted and not yet ended. */
    int inFlight(String organization) {
        Semaphore semaphore = permits.get(key(organization));
        return semaphore == null ? 0 : perOrganization - semaphore.availablePermits();
    }

    private Semaphore semaphore(String organization) {
        return permits.computeIfAbsent(key(organization), key -> new Semaphore(perOrganization, true));
    }

    private static String key(String organization) {
        return organization == null ? "" : organization;
    }
}
