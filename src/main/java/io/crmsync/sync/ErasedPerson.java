package io.crmsync.sync;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.crmsync.crm.Side;

/**
 * The records that stand for one person in one tenant, as an erase finds them: the HubSpot contact and the
 * Salesforce Lead or Contact it is paired with (either may be missing). Ids only: an erase never holds a value.
 */
public record ErasedPerson(String tenantId, List<Record> records) {

    /** One CRM record: {@code hubspot|contact|123}, {@code salesforce|Lead|00Q…} as a record key. */
    public record Record(Side side, String objectType, String id) {
        public Record {
            Objects.requireNonNull(side, "side");
            requireText(objectType, "objectType");
            requireText(id, "id");
        }

        public static Record hubSpot(String objectType, String id) {
            return new Record(Side.HUBSPOT, objectType, id);
        }

        public static Record salesforce(String sObject, String id) {
            return new Record(Side.SALESFORCE, sObject, id);
        }

        /** The key sync errors and waits are filed under. */
        public String key() {
            return (side == Side.HUBSPOT ? "hubspot|" : "salesforce|") + objectType + "|" + id;
        }
    }

    public ErasedPerson {
        requireText(tenantId, "tenantId");
        records = List.copyOf(new LinkedHashSet<>(records));
    }

    public List<Record> on(Side side) {
        return records.stream().filter(r -> r.side() == side).toList();
    }

    public Set<String> recordKeys() {
        Set<String> keys = new LinkedHashSet<>();
        records.forEach(r -> keys.add(r.key()));
        return keys;
    }

    /** The bare ids, on both sides (a cursor or a report names a record by its id alone). */
    public Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        records.forEach(r -> ids.add(r.id()));
        return ids;
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
