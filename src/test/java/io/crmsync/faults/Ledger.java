package io.crmsync.faults;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * What the scenario wrote, per contact/Lead pair (by email) and field, and the check against both sandboxes: every
 * written field must end with the same value on both sides; each pair must exist exactly once on each side.
 * A field either has one expected value (the last written) or, when both sides wrote it in a race, a set of
 * acceptable ones (the last value each side wrote): both sides must then agree on one of them.
 */
final class Ledger {

    /** A synced field: its HubSpot property and its Salesforce Lead field. */
    record Field(String hubSpot, String salesforce) {
    }

    static final Field JOB_TITLE = new Field("jobtitle", "Title");
    static final Field CITY = new Field("city", "City");
    static final String EXTERNAL_ID = io.crmsync.mapping.ObjectPair.CONTACT_LEAD.defaultIdField();
    static final Field LAST_NAME = new Field("lastname", "LastName");

    /** One check of both sandboxes. */
    record Check(long changesMade, long changesApplied, long duplicates, long lost, List<String> examples) {
    }

    private record Key(String email, Field field) {
    }

    private final Map<Key, Set<String>> acceptable = new ConcurrentHashMap<>();
    private final Map<Key, Long> writes = new ConcurrentHashMap<>();
    private final Set<String> emails = ConcurrentHashMap.newKeySet();

    /** A record created (its creation counts as one change of its last name, which must reach the other side). */
    void created(String email, String lastName) {
        wrote(email, LAST_NAME, lastName);
    }

    /** A field written on one side: the value both sides must end with. */
    void wrote(String email, Field field, String value) {
        String key = email.toLowerCase(Locale.ROOT);
        emails.add(key);
        acceptable.put(new Key(key, field), Set.of(value));
        writes.merge(new Key(key, field), 1L, Long::sum);
    }

    /** The same field written on both sides in a race: both sides must end with one of these (counted as two). */
    void raced(String email, Field field, String hubSpotValue, String salesforceValue) {
        String key = email.toLowerCase(Locale.ROOT);
        emails.add(key);
        acceptable.put(new Key(key, field), Set.of(hubSpotValue, salesforceValue));
        writes.merge(new Key(key, field), 2L, Long::sum);
    }

    long changesMade() {
        return writes.values().stream().mapToLong(Long::longValue).sum();
    }

    Check check(HubSpotSandbox hubSpot, SalesforceSandbox salesforce) {
        Map<String, List<Map<String, String>>> contacts = new HashMap<>();
        for (Map<String, String> contact : hubSpot.records("contacts")) {
            String email = contact.getOrDefault("email", "");
            if (email != null && !email.isEmpty()) {
                contacts.computeIfAbsent(email.toLowerCase(Locale.ROOT), e -> new java.util.ArrayList<>()).add(contact);
            }
        }
        Map<String, List<Map<String, Object>>> leads = new HashMap<>();
        for (Map<String, Object> lead : salesforce.records("Lead")) {
            Object email = lead.get("Email");
            if (email != null && !email.toString().isEmpty()) {
                leads.computeIfAbsent(email.toString().toLowerCase(Locale.ROOT), e -> new java.util.ArrayList<>())
                        .add(lead);
            }
        }
        long duplicates = 0;
        for (String email : emails) {
            duplicates += Math.max(0, contacts.getOrDefault(email, List.of()).size() - 1);
            duplicates += Math.max(0, leads.getOrDefault(email, List.of()).size() - 1);
        }
        // Two Leads holding one contact's id are a duplicate even if a write changed one's email.
        Map<String, Long> byExternalId = new HashMap<>();
        for (Map<String, Object> lead : salesforce.records("Lead")) {
            Object contactId = lead.get(EXTERNAL_ID);
            if (contactId != null && !contactId.toString().isEmpty()) {
                byExternalId.merge(contactId.toString(), 1L, Long::sum);
            }
        }
        long sameExternalId = byExternalId.values().stream().mapToLong(n -> n - 1).sum();
        long sameEmail = leads.values().stream().mapToLong(l -> l.size() - 1).sum();
        // Counted once: by email unless more Leads share an external id than an email.
        duplicates += Math.max(0, sameExternalId - sameEmail);
        long applied = 0;
        long lost = 0;
        List<String> examples = new java.util.ArrayList<>();
        Map<Key, Set<String>> expected = new LinkedHashMap<>(acceptable);
        for (Map.Entry<Key, Set<String>> entry : expected.entrySet()) {
            Key key = entry.getKey();
            long count = writes.getOrDefault(key, 0L);
            List<Map<String, String>> onHubSpot = contacts.getOrDefault(key.email(), List.of());
            List<Map<String, Object>> onSalesforce = leads.getOrDefault(key.email(), List.of());
            String hubSpotValue = onHubSpot.isEmpty() ? null : text(onHubSpot.get(0).get(key.field().hubSpot()));
            String salesforceValue = onSalesforce.isEmpty() ? null
                    : text(onSalesforce.get(0).get(key.field().salesforce()));
            boolean agreed = hubSpotValue != null && hubSpotValue.equals(salesforceValue)
                    && entry.getValue().contains(hubSpotValue);
            if (agreed) {
                applied += count;
            } else {
                lost += count;
                if (examples.size() < 5) {
                    examples.add(key.email() + " " + key.field().hubSpot() + ": expected " + entry.getValue()
                            + ", HubSpot " + hubSpotValue + ", Salesforce " + salesforceValue);
                }
            }
        }
        return new Check(changesMade(), applied, duplicates, lost, examples);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
