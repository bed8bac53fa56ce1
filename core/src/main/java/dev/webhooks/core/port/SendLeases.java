package dev.webhooks.core.port;

import java.time.Instant;
import java.util.Optional;

/**
 * Leases on sending to one endpoint of one organization, shared by every running dispatcher: how the whole fleet keeps
 * to a small number of sends in flight to an endpoint that is known to be slow. A function instance waits for each
 * send it makes, so without a fleet-wide bound a slow endpoint with a steady stream of events would hold every
 * instance, and every other organization's messages would wait in the queue behind it.
 */
public interface SendLeases {

    /**
     * Takes one of the endpoint's {@code slots} leases for a send that ends by {@code until}: a holder that crashes
     * loses its lease then.
     *
     * @return the lease, or empty when every slot is held by a send still within its time
     */
    Optional<Lease> acquire(String organizationId, String endpoint, int slots, Instant now, Instant until);

    /** Gives the lease back when its send is over; a lease that expired and was taken by another is left alone. */
    void release(Lease lease);

    /** One held slot of an endpoint, and who holds it. */
    record Lease(String organizationId, String endpoint, int slot, String holder) {
    }
}
