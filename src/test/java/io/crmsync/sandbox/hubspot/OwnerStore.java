package io.crmsync.sandbox.hubspot;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The portal's owners (users who can own records): what the Owners API lists and hubspot_owner_id accepts. */
final class OwnerStore {

    private static final long FIRST_OWNER_ID = 41_000_001L;
    private static final long FIRST_USER_ID = 9_000_001L;

    /** PublicOwner. */
    record Owner(long id, String email, String firstName, String lastName, long userId, Instant createdAt,
            Instant updatedAt, boolean archived) {
    }

    private final Clock clock;
    private final Map<Long, Owner> owners = new TreeMap<>();
    private long nextId = FIRST_OWNER_ID;

    OwnerStore(Clock clock) {
        this.clock = clock;
    }

    synchronized Owner add(String email, String firstName, String lastName) {
        Instant now = clock.instant();
        long id = nextId++;
        Owner owner = new Owner(id, email, firstName, lastName, FIRST_USER_ID + (id - FIRST_OWNER_ID), now, now, false);
        owners.put(id, owner);
        return owner;
    }

    synchronized Optional<Owner> get(long id) {
        return Optional.ofNullable(owners.get(id));
    }

    /** By id, optionally only the one with {@code email} (ignoring case, as HubSpot's filter does). */
    synchronized List<Owner> all(Optional<String> email) {
        return owners.values().stream()
                .filter(o -> email.map(e -> e.equalsIgnoreCase(o.email())).orElse(true)).toList();
    }

    /** Owner ids as hubspot_owner_id values. */
    synchronized Set<String> ids() {
        return owners.keySet().stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
    }

    synchronized void clear() {
        owners.clear();
        nextId = FIRST_OWNER_ID;
    }
}
