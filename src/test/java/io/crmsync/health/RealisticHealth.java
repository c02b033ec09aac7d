package io.crmsync.health;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.localaws.LocalAws;
import io.crmsync.store.DynamoAuditLog;
import io.crmsync.store.DynamoLedger;
import io.crmsync.store.DynamoLinkStore;
import io.crmsync.store.DynamoReconcileReports;
import io.crmsync.store.DynamoSyncErrorLog;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.store.DynamoTenantSuspensions;
import io.crmsync.sync.AuditLog;
import io.crmsync.sync.Link;
import io.crmsync.sync.SyncErrorLog.SyncError;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.tenant.Tenant;

/**
 * A day in the life of tenant "acme", written through the real stores: 24 hours of calls to both CRMs shaped
 * like a US working day, the Salesforce org at its limit (and the tenant suspended for it 40 minutes ago), ten
 * sync errors in three categories, the last reconcile run, and a contact with its link and field decisions.
 */
final class RealisticHealth {

    static final String TENANT = "acme";
    static final String CONTACT = "hubspot:contact:123";
    static final String SALESFORCE_CONTACT = "0035g00000AbCdEAAV";
    /** Salesforce: 20% of an Enterprise org's 115,000 calls; HubSpot: 100,000 of Professional's 625,000. */
    static final long SALESFORCE_ORG_LIMIT = 115_000;
    static final double SALESFORCE_SHARE = 0.2;
    static final long HUBSPOT_ALLOCATION = 100_000;
    static final long HUBSPOT_DAILY_LIMIT = 625_000;
    /** The other tenant on acme's org, and its Salesforce allocation. */
    static final String OTHER_ON_ORG = "acme-eu";
    static final long OTHER_ALLOCATION = 30_000;

    /** What was written, for the assertions. */
    record Seeded(Map<Instant, Long> salesforceHours, Map<Instant, Long> hubSpotHours, Map<String, Integer> errors,
            int auditEntries) {
    }

    private RealisticHealth() {
    }

    static Seeded write(LocalAws aws, ObjectMapper json, Instant now) {
        DynamoTenantDirectory tenants = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
        tenants.save(new Tenant(TENANT, 62515, "00D5g000004YzKxEAK", Optional.empty()));
        tenants.save(new Tenant("globex", 71234, "00D5g000007QrStEAK", Optional.empty()));
        // A second HubSpot portal on acme's Salesforce org (given as its 15 characters): they share its limit.
        tenants.save(new Tenant(OTHER_ON_ORG, 62777, "00D5g000004YzKx", Optional.empty()));

        DynamoLedger ledger = new DynamoLedger(aws.dynamo(), aws.tableName("BudgetTable"), tenants::byId);
        ledger.setAllocation(TENANT, Allocation.shareOfOrgLimit(Crm.SALESFORCE, SALESFORCE_SHARE));
        ledger.setAllocation(TENANT, Allocation.callsPerDay(Crm.HUBSPOT, HUBSPOT_ALLOCATION)
                .inZone(ZoneId.of("America/New_York")));
        Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
        Instant first = currentHour.minus(Duration.ofHours(23));
        // The share needs the org's limit before the first reservation; a later header supersedes this one.
        ledger.observe(TENANT, Crm.SALESFORCE, 40_000, SALESFORCE_ORG_LIMIT, first);
        Map<Instant, Long> salesforce = new LinkedHashMap<>();
        Map<Instant, Long> hubSpot = new LinkedHashMap<>();
        for (int h = 0; h < 24; h++) {
            Instant hour = first.plus(Duration.ofHours(h));
            Instant at = h == 23 ? now.minusSeconds(1).isBefore(hour) ? hour : now.minusSeconds(1) : hour.plusSeconds(300);
            double busy = busyness(hour);
            long sf = Math.round(280 + 1_250 * busy) + h % 3 * 17;
            long hs = Math.round(1_100 + 4_600 * busy) + h % 4 * 41;
            if (h == 23) {
                // The current hour has only begun.
                sf = sf / 3;
                hs = hs / 3;
            }
            reserve(ledger, Crm.SALESFORCE, sf, at);
            reserve(ledger, Crm.HUBSPOT, hs, at);
            salesforce.put(hour, sf);
            hubSpot.put(hour, hs);
        }
        ledger.setAllocation(OTHER_ON_ORG, Allocation.callsPerDay(Crm.SALESFORCE, OTHER_ALLOCATION));
        if (!ledger.reserve(OTHER_ON_ORG, Crm.SALESFORCE, 420, now.minusSeconds(2)).granted()) {
            throw new IllegalStateException("the seed's calls of " + OTHER_ON_ORG + " do not fit its allocation");
        }
        // The header came with acme-eu's call, and tells acme too.
        ledger.observe(OTHER_ON_ORG, Crm.SALESFORCE, 114_870, SALESFORCE_ORG_LIMIT, now);
        ledger.observe(TENANT, Crm.HUBSPOT, 212_408, HUBSPOT_DAILY_LIMIT, now);

        List<SyncError> errors = new ArrayList<>();
        String[][] duplicates = {
                {"2041", "EMAIL_IN_USE", "Email already in use: jane.doe@acme.example belongs to hubspot contact 2040"},
                {"2077", "EMAIL_IN_USE", "Email already in use: sales@initech.example belongs to hubspot contact 1301"},
                {"2103", "DUPLICATES_DETECTED", "Salesforce duplicate rule Standard_Contact_Duplicate_Rule blocked"
                        + " the save"},
                {"2150", "DUPLICATES_DETECTED", "Salesforce duplicate rule Standard_Contact_Duplicate_Rule blocked"
                        + " the save"},
                {"2188", "EMAIL_IN_USE", "Email already in use: m.chen@globex.example belongs to hubspot contact 977"}};
        for (int i = 0; i < duplicates.length; i++) {
            errors.add(new SyncError(TENANT, "hubspot|contact|" + duplicates[i][0], "Duplicates", duplicates[i][1],
                    duplicates[i][2], now.minus(Duration.ofMinutes(15 + 37L * i))));
        }
        errors.add(new SyncError(TENANT, "hubspot|contact|3120", "Custom code", "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                "Phone must be in E.164 format, e.g. +14155550123 (validation rule Phone_Format)",
                now.minus(Duration.ofMinutes(52))));
        errors.add(new SyncError(TENANT, "hubspot|deal|9001", "Custom code", "CANNOT_EXECUTE_FLOW_TRIGGER",
                "Flow Opportunity_Stage_Guard failed: Close Date cannot be in the past",
                now.minus(Duration.ofMinutes(140))));
        errors.add(new SyncError(TENANT, "salesforce|Lead|00Q5g00000LmNoPEAV", "Custom code",
                "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Company is required for leads (validation rule Lead_Company)",
                now.minus(Duration.ofMinutes(200))));
        errors.add(new SyncError(TENANT, "hubspot|company|5512", "Permissions", "INSUFFICIENT_ACCESS_OR_READONLY",
                "insufficient access rights on object id", now.minus(Duration.ofMinutes(75))));
        errors.add(new SyncError(TENANT, "hubspot|contact|4410", "Permissions", "INVALID_FIELD_FOR_INSERT_UPDATE",
                "Unable to create/update fields: Rating__c. Check the integration user's field-level security",
                now.minus(Duration.ofMinutes(310))));
        new DynamoSyncErrorLog(aws.dynamo(), aws.tableName("SyncErrorsTable")).record(errors);

        new DynamoTenantSuspensions(aws.dynamo(), aws.tableName("TenantsTable"))
                .suspend(TENANT, SyncPausedException.ORG_API_LIMIT_EXCEEDED, now.minus(Duration.ofMinutes(40)));
        new DynamoReconcileReports(aws.dynamo(), aws.tableName("TenantsTable"), json)
                .save(SampleReports.regularRun(TENANT, now.minus(Duration.ofMinutes(9))));

        new DynamoLinkStore(aws.dynamo(), aws.tableName("LinksTable")).save(new Link(TENANT, "contact", "123",
                "Contact", SALESFORCE_CONTACT, "9f2c", now.minus(Duration.ofMinutes(12))));
        List<AuditLog.Entry> audit = List.of(
                entry("LastName", "Doe", null, "Doe", "SALESFORCE", "HUBSPOT", "TWO_WAY",
                        "created in Salesforce", now, 3 * 24 * 60 + 1),
                entry("Email", "jane.doe@acme.example", null, "jane.doe@acme.example", "SALESFORCE", "HUBSPOT",
                        "TWO_WAY", "only HubSpot has a value", now, 3 * 24 * 60),
                entry("Title", "Head of Ops", "Operations Lead", "Operations Lead", "HUBSPOT", "SALESFORCE",
                        "PREFER_SALESFORCE", "both changed; Salesforce wins this field", now, 26 * 60),
                entry("Phone", "+1 415 555 0100", "+14155550100", "+14155550100", "HUBSPOT", "SALESFORCE",
                        "TWO_WAY", "changed in Salesforce since the last sync", now, 5 * 60),
                entry("LeadSource", "Webinar", "Web", "Webinar", "SALESFORCE", "HUBSPOT", "PREFER_HUBSPOT",
                        "both changed; HubSpot wins this field", now, 47),
                entry("AccountId", "Acme Corporation", "", "0015g00000QrStUAAV", "SALESFORCE", "HUBSPOT",
                        "TWO_WAY", "primary company paired with its account", now, 12));
        new DynamoAuditLog(aws.dynamo(), aws.tableName("AuditTable")).append(audit);

        Map<String, Integer> counts = new LinkedHashMap<>();
        errors.forEach(e -> counts.merge(e.category(), 1, Integer::sum));
        return new Seeded(salesforce, hubSpot, counts, audit.size());
    }

    /** 0 at night, 1 in the afternoon of a US working day (13:00–22:00 UTC). */
    private static double busyness(Instant hour) {
        int h = hour.atOffset(ZoneOffset.UTC).getHour();
        double distance = Math.min(Math.abs(h - 17.5), 24 - Math.abs(h - 17.5));
        return Math.max(0, 1 - Math.pow(distance / 6.0, 2));
    }

    private static AuditLog.Entry entry(String field, String hubSpot, String salesforce, String written,
            String writtenTo, String winner, String rule, String reason, Instant now, long minutesAgo) {
        return new AuditLog.Entry(TENANT, "contact", "123", "Contact", SALESFORCE_CONTACT, field, hubSpot, salesforce,
                written, writtenTo, winner, rule, reason, now.minus(Duration.ofMinutes(minutesAgo)));
    }

    private static void reserve(DynamoLedger ledger, Crm crm, long calls, Instant at) {
        if (!ledger.reserve(TENANT, crm, Math.toIntExact(calls), at).granted()) {
            throw new IllegalStateException("the seed's " + crm + " calls at " + at + " do not fit the allocation");
        }
    }
}
