package io.crmsync.sync;

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
import io.crmsync.crm.Side;
import io.crmsync.sync.RecordReconciler.FieldDecision;
import io.crmsync.sync.RecordReconciler.Plan;

/** Owners match across the CRMs by email, are written as the other side's own id, and are never guessed. */
class OwnerMatchingTest {

    static final Instant EARLIER = Instant.parse("2026-11-29T09:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-29T10:00:00Z");

    static final FieldMapping OWNER = new FieldMapping("hubspot_owner_id", "OwnerId", SyncRule.TWO_WAY,
            FieldKind.OWNER, Map.of());
    static final ObjectMapping LEAD = new ObjectMapping(ObjectPair.CONTACT_LEAD, List.of(OWNER,
            FieldMapping.text("email", "Email", SyncRule.TWO_WAY)), Map.of("LastName", "[not provided]"));

    /** Ada and Grace on both sides (emails differ in case); Alan only in HubSpot; Katherine only in Salesforce. */
    static final Owners OWNERS = new Owners(
            Map.of("101", "Ada@Example.com", "102", "grace@example.com", "103", "alan@example.com",
                    "104", "shared@example.com", "105", "shared@example.com", "106", "twin@example.com"),
            Map.of("005A", "ada@example.com", "005G", "Grace@example.com", "005K", "katherine@example.com",
                    "005S", "shared@example.com", "005T1", "twin@example.com", "005T2", "TWIN@example.com"));

    static CrmRecord hubSpot(String ownerId, Instant updatedAt) {
        Map<String, String> properties = new HashMap<>(Map.of("email", "lead@example.com"));
        if (ownerId != null) {
            properties.put("hubspot_owner_id", ownerId);
        }
        return new CrmRecord("11", properties, updatedAt);
    }

    static CrmRecord salesforce(String userId, Instant updatedAt) {
        Map<String, String> properties = new HashMap<>(Map.of("Email", "lead@example.com"));
        if (userId != null) {
            properties.put("OwnerId", userId);
        }
        return new CrmRecord("00Q1", properties, updatedAt);
    }

    /** The last sync agreed on Ada as the owner. */
    static Optional<Link> agreedOnAda() {
        return agreedOn(Map.of("OwnerId", FieldResolver.fingerprint("ada@example.com"),
                "Email", FieldResolver.fingerprint("lead@example.com")));
    }

    static Optional<Link> agreedOn(Map<String, String> fingerprints) {
        return Optional.of(new Link("acme", "contact", "11", "Lead", "00Q1", "hash", EARLIER, fingerprints));
    }

    static FieldDecision ownerDecision(Plan plan) {
        return plan.decisions().stream().filter(d -> d.field().equals(OWNER)).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------------------------------ both exist

    @Test
    void theSameEmailOnBothSidesIsTheSameOwnerAndWritesNothing() {
        Plan plan = RecordReconciler.reconcile(LEAD, hubSpot("101", LATER), salesforce("005A", EARLIER),
                Optional.empty(), Side.SALESFORCE, OWNERS);

        assertThat(plan.writesNothing()).isTrue();
        FieldDecision owner = ownerDecision(plan);
        assertThat(owner.hubSpotValue()).isEqualTo("ada@example.com");
        assertThat(owner.salesforceValue()).isEqualTo("ada@example.com");
        assertThat(owner.decision().reason()).isEqualTo("already equal");
        assertThat(plan.fingerprints()).containsEntry("OwnerId", FieldResolver.fingerprint("ada@example.com"));
    }

    @Test
    void aNewerHubSpotOwnerIsWrittenAsTheSalesforceUserWithItsEmail() {
        Plan plan = RecordReconciler.reconcile(LEAD, hubSpot("102", LATER), salesforce("005A", EARLIER),
                agreedOnAda(), Side.SALESFORCE, OWNERS);

        assertThat(plan.salesforceWrites()).containsExactly(Map.entry("OwnerId", "005G"));
        assertThat(plan.hubSpotWrites()).isEmpty();
        assertThat(ownerDecision(plan).decision().reason()).isEqualTo("changed in HubSpot");
        assertThat(plan.fingerprints()).containsEntry("OwnerId", FieldResolver.fingerprint("grace@example.com"));
    }

    @Test
    void whenBothOwnersChangedTheNewerWinsAndIsTranslated() {
        Plan hubSpotNewer = RecordReconciler.reconcile(LEAD, hubSpot("102", LATER), salesforce("005S", EARLIER),
                agreedOnAda(), Side.SALESFORCE, OWNERS);
        Plan salesforceNewer = RecordReconciler.reconcile(LEAD, hubSpot("102", EARLIER), salesforce("005A", LATER),
                agreedOn(Map.of("OwnerId", FieldResolver.fingerprint("katherine@example.com"))), Side.HUBSPOT, OWNERS);

        assertThat(hubSpotNewer.salesforceWrites()).containsExactly(Map.entry("OwnerId", "005G"));
        assertThat(salesforceNewer.hubSpotWrites()).containsEntry("hubspot_owner_id", "101");
        assertThat(ownerDecision(salesforceNewer).decision().reason())
                .isEqualTo("changed in both; Salesforce more recently");
    }

    @Test
    void aSalesforceOwnerChangeIsWrittenAsTheHubSpotOwnerWithItsEmail() {
        Plan plan = RecordReconciler.reconcile(LEAD, hubSpot("101", EARLIER), salesforce("005G", LATER),
                agreedOnAda(), Side.SALESFORCE, OWNERS);

        assertThat(plan.hubSpotWrites()).containsExactly(Map.entry("hubspot_owner_id", "102"));
        assertThat(plan.salesforceWrites()).isEmpty();
        assertThat(ownerDecision(plan).decision().reason()).isEqualTo("changed in Salesforce");
    }

    @Test
    void aHubSpotOwnerWithNoActiveSalesforceUserIsNotWrittenAndSaysWhy() {
        Plan plan = RecordReconciler.reconcile(LEAD, hubSpot("103", LATER), salesforce("005A", EARLIER),
                agreedOnAda(), Side.SALESFORCE, OWNERS);

        assertThat(plan.writesNothing()).isTrue();
        FieldDecision owner = ownerDecision(plan);
        assertThat(owner.decision().writeTo()).isEmpty();
        assertThat(owner.decision().winner()).isEqualTo(Side.SALESFORCE);
        assertThat(owner.decision().reason()).isEqualTo(
                "changed in HubSpot; owner not matched: no active Salesforce user with email alan@example.com");
        // Salesforce's owner is what stands: the HubSpot change stays pending.
        assertThat(plan.fingerprints()).containsEntry("OwnerId", FieldResolver.fingerprint("ada@example.com"));
    }

    @Test
    void aHeldOwnerSyncsOnceTheDirectoryCanMatchIt() {
        Plan held = RecordReconciler.reconcile(LEAD, hubSpot("103", LATER), salesforce("005A", EARLIER),
                agreedOnAda(), Side.SALESFORCE, OWNERS);
        Map<String, String> salesforceUsers = new HashMap<>(OWNERS.salesforceUserEmails());
        salesforceUsers.put("005L", "alan@example.com");
        Owners alanJoined = new Owners(OWNERS.hubSpotOwnerEmails(), salesforceUsers);

        Plan later = RecordReconciler.reconcile(LEAD, hubSpot("103", LATER), salesforce("005A", EARLIER),
                agreedOn(held.fingerprints()), Side.SALESFORCE, alanJoined);

        assertThat(later.salesforceWrites()).containsExactly(Map.entry("OwnerId", "005L"));
    }

    @Test
    void aSalesforceOwnerWithNoHubSpotOwnerIsNotWrittenAndSaysWhy() {
        Plan plan = RecordReconciler.reconcile(LEAD, hubSpot("101", EARLIER), salesforce("005K", LATER),
                agreedOnAda(), Side.SALESFORCE, OWNERS);

        assertThat(plan.writesNothing()).isTrue();
        assertThat(ownerDecision(plan).decision().reason()).isEqualTo(
                "changed in Salesforce; owner not matched: no HubSpot owner with email katherine@example.com");
        assertThat(plan.fingerprints()).containsEntry("OwnerId", FieldResolver.fingerprint("ada@example.com"));
    }

    @Test
    void anEmailSharedByTwoOwnersOnTheTargetSideIsAmbiguousAndNotGuessed() {
        Plan toSalesforce = RecordReconciler.reconcile(LEAD, hubSpot("106", LATER), salesforce("005A", EARLIER),
                agreedOnAda(), Side.SALESFORCE, OWNERS);
        Plan toHubSpot = RecordReconciler.reconcile(LEAD, hubSpot("101", EARLIER), salesforce("005S", LATER),
                agreedOnAda(), Side.SALESFORCE, OWNERS);

        assertThat(toSalesforce.writesNothing()).isTrue();
        assertThat(ownerDecision(toSalesforce).decision().reason())
                .endsWith("owner not matched: 2 active Salesforce users share email twin@example.com");
        assertThat(toHubSpot.writesNothing()).isTrue();
        assertThat(ownerDecision(toHubSpot).decision().reason())
                .endsWith("owner not matched: 2 HubSpot owners share email shared@example.com");
        assertThat(OWNERS.hubSpotOwnerFor("shared@example.com")).isEmpty();
        assertThat(OWNERS.salesforceUserFor("twin@example.com")).isEmpty();
    }

    @Test
    void anOwnerWhoseEmailIsAmbiguousOnItsOwnSideStillEqualsTheOtherSidesOwner() {
        Plan plan = RecordReconciler.reconcile(LEAD, hubSpot("104", LATER), salesforce("005S", EARLIER),
                agreedOnAda(), Side.SALESFORCE, OWNERS);

        assertThat(plan.writesNothing()).isTrue();
        assertThat(ownerDecision(plan).decision().reason()).isEqualTo("already equal");
    }

    @Test
    void anIdWithNoKnownEmailMatchesNothingAndIsNeverWritten() {
        Plan unknownHubSpotOwner = RecordReconciler.reconcile(LEAD, hubSpot("999", LATER),
                salesforce("005A", EARLIER), agreedOnAda(), Side.SALESFORCE, OWNERS);
        Plan inactiveSalesforceUser = RecordReconciler.reconcile(LEAD, hubSpot("101", EARLIER),
                salesforce("005X", LATER), agreedOnAda(), Side.SALESFORCE, OWNERS);
        Plan unknownOnBothSides = RecordReconciler.reconcile(LEAD, hubSpot("999", LATER), salesforce("005X", EARLIER),
                Optional.empty(), Side.SALESFORCE, OWNERS);

        assertThat(unknownHubSpotOwner.writesNothing()).isTrue();
        assertThat(ownerDecision(unknownHubSpotOwner).hubSpotValue()).isEqualTo("unknown HubSpot owner 999");
        assertThat(ownerDecision(unknownHubSpotOwner).decision().reason())
                .endsWith("owner not matched: unknown HubSpot owner 999 has no email to match by");
        assertThat(inactiveSalesforceUser.writesNothing()).isTrue();
        assertThat(ownerDecision(inactiveSalesforceUser).decision().reason())
                .endsWith("owner not matched: inactive or unknown Salesforce user 005X has no email to match by");
        assertThat(unknownOnBothSides.writesNothing()).isTrue();
        assertThat(ownerDecision(unknownOnBothSides).decision().reason()).contains("owner not matched");
    }

    @Test
    void withoutADirectoryEveryOwnerIsUnmatched() {
        Plan plan = RecordReconciler.reconcile(LEAD, hubSpot("102", LATER), salesforce("005A", EARLIER),
                agreedOnAda(), Side.SALESFORCE, Owners.NONE);

        assertThat(plan.writesNothing()).isTrue();
        assertThat(ownerDecision(plan).decision().reason()).contains("owner not matched");
    }

    @Test
    void clearingTheOwnerInHubSpotNeverClearsSalesforcesOwnerId() {
        Plan plan = RecordReconciler.reconcile(LEAD, hubSpot(null, LATER), salesforce("005A", EARLIER),
                agreedOnAda(), Side.SALESFORCE, OWNERS);

        assertThat(plan.salesforceWrites()).isEmpty();
        assertThat(plan.hubSpotWrites()).isEmpty();
        assertThat(ownerDecision(plan).decision().reason())
                .isEqualTo("changed in HubSpot; owner not cleared: Salesforce requires a record owner");
        assertThat(plan.fingerprints()).containsEntry("OwnerId", FieldResolver.fingerprint("ada@example.com"));
    }

    @Test
    void aBlankHubSpotOwnerIsFilledFromSalesforceOnTheFirstSync() {
        Plan plan = RecordReconciler.reconcile(LEAD, hubSpot(null, LATER), salesforce("005G", EARLIER),
                Optional.empty(), Side.SALESFORCE, OWNERS);

        assertThat(plan.hubSpotWrites()).containsExactly(Map.entry("hubspot_owner_id", "102"));
    }

    @Test
    void anOptionalUserLookupOtherThanOwnerIdIsClearedLikeAnyTwoWayField() {
        FieldMapping manager = new FieldMapping("account_manager", "Account_Manager__c", SyncRule.TWO_WAY,
                FieldKind.OWNER, Map.of());
        ObjectMapping mapping = new ObjectMapping(ObjectPair.CONTACT_LEAD, List.of(manager), Map.of());
        CrmRecord salesforce = new CrmRecord("00Q1", Map.of("Account_Manager__c", "005A"), EARLIER);

        Plan plan = RecordReconciler.reconcile(mapping, new CrmRecord("11", Map.of(), LATER), salesforce,
                agreedOn(Map.of("Account_Manager__c", FieldResolver.fingerprint("ada@example.com"))),
                Side.SALESFORCE, OWNERS);

        assertThat(plan.salesforceWrites()).containsEntry("Account_Manager__c", null).hasSize(1);
    }

    @Test
    void aSalesforceClearingClearsTheHubSpotOwner() {
        Plan plan = RecordReconciler.reconcile(LEAD, hubSpot("101", EARLIER), salesforce(null, LATER),
                agreedOnAda(), Side.SALESFORCE, OWNERS);

        assertThat(plan.hubSpotWrites()).containsExactly(Map.entry("hubspot_owner_id", ""));
    }

    // ------------------------------------------------------------------------------------------ creates

    @Test
    void aNewSalesforceRecordGetsTheMatchingUserAsOwner() {
        Plan plan = RecordReconciler.createInSalesforce(LEAD, hubSpot("101", LATER), OWNERS);

        assertThat(plan.salesforceWrites()).containsEntry("OwnerId", "005A");
        assertThat(plan.fingerprints()).containsEntry("OwnerId", FieldResolver.fingerprint("ada@example.com"));
    }

    @Test
    void aNewSalesforceRecordWithoutAMatchLeavesTheOwnerToSalesforce() {
        Plan plan = RecordReconciler.createInSalesforce(LEAD, hubSpot("103", LATER), OWNERS);

        assertThat(plan.salesforceWrites()).doesNotContainKey("OwnerId").containsEntry("Email", "lead@example.com");
        assertThat(ownerDecision(plan).decision().writeTo()).isEmpty();
        assertThat(ownerDecision(plan).decision().reason()).isEqualTo(
                "created in Salesforce; owner not matched: no active Salesforce user with email alan@example.com");
        assertThat(plan.fingerprints()).containsEntry("OwnerId", FieldResolver.fingerprint(null));
    }

    @Test
    void aNewHubSpotRecordGetsTheMatchingOwner() {
        Plan plan = RecordReconciler.createInHubSpot(LEAD, salesforce("005G", LATER), OWNERS);

        assertThat(plan.hubSpotWrites()).containsEntry("hubspot_owner_id", "102");
    }

    @Test
    void aNewHubSpotRecordWithoutAMatchHasNoOwner() {
        Plan plan = RecordReconciler.createInHubSpot(LEAD, salesforce("005K", LATER), OWNERS);

        assertThat(plan.hubSpotWrites()).doesNotContainKey("hubspot_owner_id").containsEntry("email",
                "lead@example.com");
        assertThat(ownerDecision(plan).decision().reason()).isEqualTo(
                "created in HubSpot; owner not matched: no HubSpot owner with email katherine@example.com");
    }

    // ------------------------------------------------------------------------------------------ Owners

    @Test
    void lookupsIgnoreCaseAndOwnersWithoutAnEmail() {
        Map<String, String> hubSpot = new HashMap<>();
        hubSpot.put("101", " Ada@Example.COM ");
        hubSpot.put("107", null);
        hubSpot.put("108", " ");
        Owners owners = new Owners(hubSpot, Map.of("005A", "ada@example.com"));

        assertThat(owners.emailOfHubSpotOwner("101")).contains("ada@example.com");
        assertThat(owners.hubSpotOwnerFor("ADA@example.com")).contains("101");
        assertThat(owners.salesforceUserFor("Ada@Example.com")).contains("005A");
        assertThat(owners.emailOfSalesforceUser("005A")).contains("ada@example.com");
        assertThat(owners.hubSpotOwnerEmails()).containsOnlyKeys("101");
        assertThat(owners.emailOfHubSpotOwner(null)).isEmpty();
        assertThat(owners.hubSpotOwnerFor(null)).isEmpty();
        assertThat(Owners.NONE.salesforceUserFor("ada@example.com")).isEmpty();
    }
}
