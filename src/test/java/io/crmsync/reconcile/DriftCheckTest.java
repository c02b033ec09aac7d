package io.crmsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.FieldKind;
import io.crmsync.mapping.FieldMapping;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.SyncRule;
import io.crmsync.reconcile.DriftCheck.Verdict;
import io.crmsync.sync.CrmRecord;
import io.crmsync.crm.Side;
import io.crmsync.sync.Link;
import io.crmsync.sync.Owners;
import io.crmsync.sync.RecordReconciler;

/** Drift against links whose fingerprints come from the real {@link RecordReconciler}, so both use one canonical form. */
class DriftCheckTest {

    static final Instant T = Instant.parse("2026-04-01T10:00:00Z");
    static final ObjectMapping MAPPING = new ObjectMapping(ObjectPair.CONTACT_CONTACT, List.of(
            FieldMapping.text("email", "Email", SyncRule.TWO_WAY),
            new FieldMapping("employees", "NumberOfEmployees__c", SyncRule.TWO_WAY, FieldKind.NUMBER, Map.of()),
            FieldMapping.text("phone", "Phone", SyncRule.ALWAYS_HUBSPOT),
            FieldMapping.text("notes", "Description", SyncRule.DONT_SYNC),
            new FieldMapping("hubspot_owner_id", "OwnerId", SyncRule.TWO_WAY, FieldKind.OWNER, Map.of())),
            Map.of("LastName", "[not provided]"));
    static final Owners OWNERS = new Owners(Map.of("101", "ada@example.com", "102", "grace@example.com"),
            Map.of("005A", "ada@example.com"));

    static final Map<String, String> HUBSPOT = Map.of("email", "ada@example.com", "employees", "1000",
            "notes", "hubspot only", "hubspot_owner_id", "101");
    static final Map<String, String> SALESFORCE = Map.of("Email", "ada@example.com", "NumberOfEmployees__c", "1000.0",
            "Description", "salesforce only", "OwnerId", "005A", "Phone", "+44 20 7946 0000");

    /** The link the worker would save after syncing these two records. */
    static Link syncedLink(Map<String, String> hubSpot, Map<String, String> salesforce) {
        RecordReconciler.Plan plan = RecordReconciler.reconcile(MAPPING, new CrmRecord("1", hubSpot, T),
                new CrmRecord("003A", salesforce, T), Optional.empty(), Side.HUBSPOT, OWNERS);
        return new Link("acme", "contact", "1", "Contact", "003A", "hash", T, plan.fingerprints());
    }

    static DriftCheck.Result check(Side side, Map<String, String> properties, Link link) {
        return DriftCheck.check(side, new ChangedRecord(side == Side.HUBSPOT ? "1" : "003A", T, properties),
                Optional.of(link), MAPPING, OWNERS);
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new HashMap<>(base);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }

    @Test
    void bothSidesAsSyncedAreInSyncEvenInDifferentSpellingsAndWithDontSyncFieldsApart() {
        Link link = syncedLink(HUBSPOT, SALESFORCE);
        // The HubSpot record has no phone: ALWAYS_HUBSPOT leaves Salesforce's own phone alone.
        assertThat(check(Side.HUBSPOT, HUBSPOT, link).verdict()).isEqualTo(Verdict.IN_SYNC);
        assertThat(check(Side.SALESFORCE, SALESFORCE, link).verdict()).isEqualTo(Verdict.IN_SYNC);
    }

    @Test
    void aChangedFieldOnEitherSideIsDrift() {
        Link link = syncedLink(HUBSPOT, SALESFORCE);
        DriftCheck.Result hubSpot = check(Side.HUBSPOT, with(HUBSPOT, "employees", "1200"), link);
        assertThat(hubSpot.verdict()).isEqualTo(Verdict.DRIFTED);
        assertThat(hubSpot.driftedFields()).containsExactly("NumberOfEmployees__c");
        assertThat(check(Side.SALESFORCE, with(SALESFORCE, "Email", "ada@other.example"), link).driftedFields())
                .containsExactly("Email");
        // A DONT_SYNC field differs freely.
        assertThat(check(Side.SALESFORCE, with(SALESFORCE, "Description", "edited"), link).verdict())
                .isEqualTo(Verdict.IN_SYNC);
    }

    @Test
    void aClearedValueIsDrift() {
        Link link = syncedLink(HUBSPOT, SALESFORCE);
        assertThat(check(Side.HUBSPOT, with(HUBSPOT, "email", ""), link).driftedFields()).containsExactly("Email");
        assertThat(check(Side.SALESFORCE, with(SALESFORCE, "NumberOfEmployees__c", null), link).driftedFields())
                .containsExactly("NumberOfEmployees__c");
    }

    @Test
    void aOneWayFieldDriftsOnTheReceivingSideOnlyOnceAValueWasSent() {
        Link noPhone = syncedLink(HUBSPOT, SALESFORCE);
        assertThat(check(Side.SALESFORCE, with(SALESFORCE, "Phone", "+1 555 0100"), noPhone).verdict())
                .isEqualTo(Verdict.IN_SYNC);

        Map<String, String> hubSpotWithPhone = with(HUBSPOT, "phone", "+44 20 7946 0001");
        Link sentPhone = syncedLink(hubSpotWithPhone, SALESFORCE);
        assertThat(check(Side.SALESFORCE, with(SALESFORCE, "Phone", "+44 20 7946 0001"), sentPhone).verdict())
                .isEqualTo(Verdict.IN_SYNC);
        assertThat(check(Side.SALESFORCE, with(SALESFORCE, "Phone", "+1 555 0100"), sentPhone).driftedFields())
                .containsExactly("Phone");
    }

    @Test
    void anOwnerTheOtherSideCannotTakeIsHeldNotDrift() {
        Link link = syncedLink(HUBSPOT, SALESFORCE);
        // Grace has no Salesforce user: the sync would hold the owner, so repairing it would change nothing.
        assertThat(check(Side.HUBSPOT, with(HUBSPOT, "hubspot_owner_id", "102"), link).verdict())
                .isEqualTo(Verdict.IN_SYNC);
        assertThat(check(Side.HUBSPOT, with(HUBSPOT, "hubspot_owner_id", "999"), link).verdict())
                .isEqualTo(Verdict.IN_SYNC);
        // Salesforce requires an owner: a HubSpot clearing is never written there either.
        assertThat(check(Side.HUBSPOT, with(HUBSPOT, "hubspot_owner_id", null), link).verdict())
                .isEqualTo(Verdict.IN_SYNC);

        Owners graceEverywhere = new Owners(OWNERS.hubSpotOwnerEmails(),
                Map.of("005A", "ada@example.com", "005G", "grace@example.com"));
        assertThat(DriftCheck.check(Side.HUBSPOT, new ChangedRecord("1", T, with(HUBSPOT, "hubspot_owner_id", "102")),
                Optional.of(link), MAPPING, graceEverywhere).driftedFields()).containsExactly("OwnerId");
    }

    @Test
    void aRequiredDefaultReadsAsTheBlankItStandsFor() {
        ObjectMapping withLastName = new ObjectMapping(ObjectPair.CONTACT_CONTACT,
                List.of(FieldMapping.text("lastname", "LastName", SyncRule.TWO_WAY)), Map.of("LastName", "[not provided]"));
        Link link = new Link("acme", "contact", "1", "Contact", "003A", "hash", T,
                RecordReconciler.createInSalesforce(withLastName, new CrmRecord("1", Map.of(), T), OWNERS)
                        .fingerprints());
        assertThat(DriftCheck.check(Side.SALESFORCE, new ChangedRecord("003A", T, Map.of("LastName", "[not provided]")),
                Optional.of(link), withLastName, OWNERS).verdict()).isEqualTo(Verdict.IN_SYNC);
        assertThat(DriftCheck.check(Side.SALESFORCE, new ChangedRecord("003A", T, Map.of("LastName", "Lovelace")),
                Optional.of(link), withLastName, OWNERS).verdict()).isEqualTo(Verdict.DRIFTED);
    }

    @Test
    void noLinkIsNeverPairedAndAFieldMappedSinceTheLastSyncIsDrift() {
        assertThat(DriftCheck.check(Side.HUBSPOT, new ChangedRecord("1", T, HUBSPOT), Optional.empty(), MAPPING, OWNERS)
                .verdict()).isEqualTo(Verdict.NEVER_PAIRED);

        Link older = syncedLink(HUBSPOT, SALESFORCE);
        Map<String, String> fingerprints = new HashMap<>(older.fieldFingerprints());
        fingerprints.remove("Email");
        Link beforeEmailWasMapped = new Link("acme", "contact", "1", "Contact", "003A", "hash", T, fingerprints);
        assertThat(check(Side.HUBSPOT, HUBSPOT, beforeEmailWasMapped).driftedFields()).containsExactly("Email");
    }
}
