package io.crmsync.sync.pair;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sync.AccountAssociation;
import io.crmsync.sync.CrmRecord;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.tenant.TenantSettings;

/**
 * What is particular to one HubSpot object and its Salesforce twin(s): which mappings apply, which records are
 * left out, how an unlinked record is paired and whether it may be created, and which follow-ups its sync has.
 * The engine's steps ask this instead of branching on the object type, so a change to one pair's behaviour
 * touches this package only. The defaults are what a pair without special rules does (a company ↔ Account).
 */
public abstract sealed class PairBehaviour permits ContactPair, CompanyPair, DealPair {

    private final List<ObjectPair> pairs;
    private final BiFunction<String, ObjectPair, ObjectMapping> mappings;

    /** @param pairs the pair's Salesforce objects, in the order an unlinked HubSpot record is paired with them */
    PairBehaviour(List<ObjectPair> pairs, BiFunction<String, ObjectPair, ObjectMapping> mappings) {
        this.pairs = List.copyOf(pairs);
        this.mappings = mappings;
    }

    /** The HubSpot object type: contact, company or deal. */
    public final String hubSpotObject() {
        return pairs.get(0).hubSpotObject();
    }

    /** Whether the Salesforce object is one of this pair's twins. */
    public final boolean pairsWith(String sObject) {
        return pairs.stream().anyMatch(p -> p.salesforceObject().equals(sObject));
    }

    /** Whether the tenant syncs this pair at all. */
    abstract boolean syncs(TenantSettings tenant);

    /** The tenant's mapping for one of the pair's objects, with what the tenant's settings lay over it. */
    ObjectMapping mapping(String tenantId, ObjectPair pair, TenantSettings tenant) {
        return mappings.apply(tenantId, pair);
    }

    /** The mappings a changed HubSpot record may sync through, in pairing order; none when the pair is off. */
    public final List<ObjectMapping> candidates(String tenantId, TenantSettings tenant) {
        return syncs(tenant) ? pairs.stream().map(p -> mapping(tenantId, p, tenant)).toList() : List.of();
    }

    /** The mapping a changed record of this Salesforce object syncs through; none when the pair is off. */
    public final Optional<ObjectMapping> mappingFor(String tenantId, String sObject, TenantSettings tenant) {
        return syncs(tenant) ? pairs.stream().filter(p -> p.salesforceObject().equals(sObject)).findFirst()
                .map(p -> mapping(tenantId, p, tenant)) : Optional.empty();
    }

    /** The HubSpot properties to read of changed HubSpot records: the pair's own first, then the candidates'. */
    public final Set<String> hubSpotPropertiesToRead(List<ObjectMapping> candidates) {
        Set<String> properties = new LinkedHashSet<>(List.of(ownHubSpotProperty()));
        candidates.forEach(m -> properties.addAll(m.hubSpotProperties()));
        return properties;
    }

    /** The one property the pair always reads of a changed HubSpot record, whatever is mapped. */
    abstract String ownHubSpotProperty();

    /** The HubSpot properties to read of a changed Salesforce record's twin. */
    public Set<String> twinPropertiesToRead(ObjectMapping mapping) {
        return new LinkedHashSet<>(mapping.hubSpotProperties());
    }

    /** The Salesforce fields to read for a mapping: the mapped ones, and AccountId where the account is synced. */
    public List<String> salesforceFieldsToRead(ObjectMapping mapping) {
        List<String> fields = new ArrayList<>(mapping.salesforceFields());
        if (hasAccount(mapping) && !fields.contains(AccountAssociation.SALESFORCE_FIELD)) {
            fields.add(AccountAssociation.SALESFORCE_FIELD);
        }
        return fields;
    }

    /** Whether records of this mapping's Salesforce object belong to an Account (Contacts, Opportunities). */
    public boolean hasAccount(ObjectMapping mapping) {
        return false;
    }

    /** The inclusion list whose members alone sync to Salesforce, if the pair has one. */
    public Optional<String> inclusionList(TenantSettings tenant) {
        return Optional.empty();
    }

    /** Why a changed HubSpot record does not sync, if it does not. */
    public Optional<String> hubSpotSkip(TenantSettings tenant, CrmRecord hubSpot) {
        return Optional.empty();
    }

    /** Why a changed Salesforce record does not sync, if it does not. */
    public Optional<String> salesforceSkip(TenantSettings tenant, CrmRecord salesforce) {
        return Optional.empty();
    }

    /**
     * Why a Salesforce record has handed its sync over to another record, if it has (a converted Lead to its
     * Contact): such a record is never a twin.
     */
    public Optional<String> handedOver(CrmRecord salesforce) {
        return Optional.empty();
    }

    /** The email an unlinked HubSpot record is paired by in Salesforce, if the pair pairs by email. */
    public Optional<String> hubSpotEmail(CrmRecord hubSpot) {
        return Optional.empty();
    }

    /** The email an unlinked Salesforce record is paired by in HubSpot, if the pair pairs by email. */
    public Optional<String> salesforceEmail(CrmRecord salesforce) {
        return Optional.empty();
    }

    /** Why an unpaired HubSpot record is not created in Salesforce, if it is not. */
    public Optional<String> noSalesforceCreate(CrmRecord hubSpot) {
        return Optional.empty();
    }

    /** Which of the candidates an unpaired HubSpot record is created as. */
    public ObjectMapping mappingForCreate(List<ObjectMapping> candidates, TenantSettings tenant) {
        return candidates.get(0);
    }

    /** Why an unpaired Salesforce record is not created in HubSpot, if it is not. */
    public Optional<String> noHubSpotCreate(TenantSettings tenant, CrmRecord salesforce) {
        return Optional.empty();
    }

    /** The HubSpot property a create upserts by (so a retried create finds the record it made). */
    public String hubSpotUpsertProperty() {
        return HubSpotRecords.SALESFORCE_ID_PROPERTY;
    }

    /** The value of {@link #hubSpotUpsertProperty()} for a HubSpot record created from this Salesforce record. */
    public String hubSpotUpsertKey(CrmRecord salesforce) {
        return salesforce.id();
    }

    /** Whether a synced record's contacts ↔ contact roles follow its sync (deals). */
    public boolean syncsContactRoles() {
        return false;
    }

    /** Whether other records' associations wait for records of this pair to sync (companies, contacts). */
    public boolean awaitedByAssociations() {
        return false;
    }

    static boolean blank(Object value) {
        return value == null || value.toString().isBlank() || "null".equals(value.toString());
    }
}
