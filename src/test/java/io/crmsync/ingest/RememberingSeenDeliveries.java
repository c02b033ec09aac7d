package io.crmsync.ingest;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A {@link SeenDeliveries} for unit tests of intake: remembers for ever, or fails on demand. */
public final class RememberingSeenDeliveries implements SeenDeliveries {

    public final Set<Delivery> recorded = new LinkedHashSet<>();
    public boolean unavailable;
    /** How many lookups were asked for. */
    public int lookups;

    @Override
    public Set<Delivery> seen(Collection<Delivery> deliveries) {
        lookups++;
        if (unavailable) {
            throw new UnavailableException("seen-deliveries down (test)", null);
        }
        return deliveries.stream().filter(recorded::contains).collect(Collectors.toSet());
    }

    @Override
    public void record(Collection<Delivery> deliveries) {
        if (unavailable) {
            throw new UnavailableException("seen-deliveries down (test)", null);
        }
        recorded.addAll(deliveries);
    }
}
