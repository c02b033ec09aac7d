package io.crmsync.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * Contacts created in HubSpot and Leads created in Salesforce, each with its twin on the other side once synced,
 * and rounds of changes to them on both sides.
 */
record Pairs(List<String> contactsFromHubSpot, List<String> leadsOfThem, List<String> leadsFromSalesforce,
        List<String> contactsOfThem, List<String> hubSpotEmails, List<String> salesforceEmails) {

    /** Creates both kinds and waits until every record has its twin (their creation is part of what is checked). */
    static Pairs create(FaultStack stack, Ledger ledger, String tag) {
        HubSpotSandbox hubSpot = stack.hubSpot();
        SalesforceSandbox salesforce = stack.salesforce();
        List<String> contacts = new ArrayList<>();
        List<String> hubSpotEmails = new ArrayList<>();
        for (int i = 0; i < Scenarios.RECORDS; i++) {
            String email = tag + "-hs" + i + "@faults.example";
            contacts.add(hubSpot.createContact(Map.of("email", email, "firstname", "Fault", "lastname", "HubSpot " + i,
                    "jobtitle", "created")));
            ledger.created(email, "HubSpot " + i);
            ledger.wrote(email, Ledger.JOB_TITLE, "created");
            hubSpotEmails.add(email);
        }
        List<String> leads = new ArrayList<>();
        List<String> salesforceEmails = new ArrayList<>();
        for (int i = 0; i < Scenarios.LEADS; i++) {
            String email = tag + "-sf" + i + "@faults.example";
            leads.add(salesforce.insert("Lead", Map.of("Email", email, "FirstName", "Fault", "LastName",
                    "Salesforce " + i, "Company", "Faults Inc", "Title", "created")));
            ledger.created(email, "Salesforce " + i);
            ledger.wrote(email, Ledger.JOB_TITLE, "created");
            salesforceEmails.add(email);
        }
        Duration timeout = Duration.ofSeconds(Scenarios.TIMEOUT_SECONDS);
        return new Pairs(contacts, awaitLeads(stack, hubSpotEmails, timeout), leads,
                awaitContacts(stack, salesforceEmails, timeout), hubSpotEmails, salesforceEmails);
    }

    /** Every record changes on both sides in each round: one field from each side, so the outcome is known. */
    void change(FaultStack stack, Ledger ledger, int rounds, Duration pause) {
        HubSpotSandbox hubSpot = stack.hubSpot();
        SalesforceSandbox salesforce = stack.salesforce();
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < contactsFromHubSpot.size(); i++) {
                String title = "hs-title-" + round + "-" + i;
                String city = "sf-city-" + round + "-" + i;
                hubSpot.updateContact(contactsFromHubSpot.get(i), Map.of("jobtitle", title));
                salesforce.update("Lead", leadsOfThem.get(i), Map.of("City", city));
                ledger.wrote(hubSpotEmails.get(i), Ledger.JOB_TITLE, title);
                ledger.wrote(hubSpotEmails.get(i), Ledger.CITY, city);
            }
            for (int i = 0; i < leadsFromSalesforce.size(); i++) {
                String title = "sf-title-" + round + "-" + i;
                String city = "hs-city-" + round + "-" + i;
                salesforce.update("Lead", leadsFromSalesforce.get(i), Map.of("Title", title));
                hubSpot.updateContact(contactsOfThem.get(i), Map.of("city", city));
                ledger.wrote(salesforceEmails.get(i), Ledger.JOB_TITLE, title);
                ledger.wrote(salesforceEmails.get(i), Ledger.CITY, city);
            }
            if (round < rounds) {
                Convergence.sleep(pause.toMillis());
            }
        }
    }

    /** The Lead of each contact (found by email), once all exist; fails the scenario past the timeout. */
    static List<String> awaitLeads(FaultStack stack, List<String> emails, Duration timeout) {
        return awaitTwins(emails, timeout, "Leads in Salesforce", () -> byEmail(stack.salesforce().records("Lead"),
                "Email", "Id"));
    }

    static List<String> awaitContacts(FaultStack stack, List<String> emails, Duration timeout) {
        return awaitTwins(emails, timeout, "contacts in HubSpot", () -> byEmail(stack.hubSpot().records("contacts"),
                "email", "hs_object_id"));
    }

    private static List<String> awaitTwins(List<String> emails, Duration timeout, String what,
            java.util.function.Supplier<Map<String, String>> idsByEmail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, String> ids = idsByEmail.get();
            List<String> found = emails.stream().map(e -> Optional.ofNullable(ids.get(e.toLowerCase(Locale.ROOT))))
                    .flatMap(Optional::stream).toList();
            if (found.size() == emails.size()) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + found.size() + " of " + emails.size() + " " + what
                        + " after " + timeout.toSeconds() + " s");
            }
            Convergence.sleep(500);
        }
    }

    private static <V> Map<String, String> byEmail(List<Map<String, V>> records, String emailField, String idField) {
        Map<String, String> ids = new java.util.HashMap<>();
        for (Map<String, V> record : records) {
            V email = record.get(emailField);
            if (email != null) {
                ids.putIfAbsent(email.toString().toLowerCase(Locale.ROOT), String.valueOf(record.get(idField)));
            }
        }
        return ids;
    }
}
