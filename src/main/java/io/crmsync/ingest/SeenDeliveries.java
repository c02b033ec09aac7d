package io.crmsync.ingest;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * The replay window's memory: which deliveries (a HubSpot webhook event, a Salesforce Outbound Message
 * notification) the doors already enqueued, for as long as their senders may send them again. Always per tenant,
 * so one tenant's ids can never hide another's.
 */
public interface SeenDeliveries {

    /** What sent the id: the ids of different senders are different name spaces. */
    enum Channel {
        /** A HubSpot webhook event's {@code eventId}. */
        HUBSPOT_EVENT("hubspot-event"),
        /** A Salesforce Outbound Message notification's {@code Id}. */
        OUTBOUND_NOTIFICATION("outbound-notification");

        private final String key;

        Channel(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** One delivery of one sender, as its tenant received it. */
    record Delivery(String tenantId, Channel channel, String id) {
        public Delivery {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * The deliveries among these that were recorded as enqueued and have not outlived the retention.
     *
     * @throws UnavailableException when the memory cannot answer now
     */
    Set<Delivery> seen(Collection<Delivery> deliveries);

    /**
     * Records these deliveries as enqueued, for the retention. Called only after the enqueue succeeded.
     *
     * @throws UnavailableException when some could not be recorded (they may be enqueued again: a duplicate, no loss)
     */
    void record(Collection<Delivery> deliveries);

    /** The memory could not answer or record; says nothing of any request's content. */
    final class UnavailableException extends RuntimeException {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
