package io.crmsync.sync.pair;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sync.CrmRecord;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.TenantSettings.HubSpotToSalesforce;
import io.crmsync.tenant.TenantSettings.SalesforceToHubSpot;

/**
 * A HubSpot contact ↔ a Salesforce Contact or Lead. Contacts always sync; they pair by email when unlinked (and
 * need one to be created), the tenant's settings choose what a new one becomes on either side, a converted Lead
 * hands its sync to its Contact, an inclusion list may limit who syncs, and deals' contact roles wait for them.
 */
public final class ContactPair extends PairBehaviour {

    static final String HUBSPOT_EMAIL = "email";
    static final String SALESFORCE_EMAIL = "Email";
    static final String CONVERTED = "IsConverted";

    public ContactPair(BiFunction<String, ObjectPair, ObjectMapping> mappings) {
        // Contacts first: a converted Lead's link follows its Contact.
        super(List.of(ObjectPair.CONTACT_CONTACT, ObjectPair.CONTACT_LEAD), mappings);
    }

    @Override
    boolean syncs(TenantSettings tenant) {
        return true;
    }

    @Override
    String ownHubSpotProperty() {
        return HUBSPOT_EMAIL;
    }

    @Override
    public Set<String> twinPropertiesToRead(ObjectMapping mapping) {
        Set<String> properties = super.twinPropertiesToRead(mapping);
        properties.add(HUBSPOT_EMAIL);
        return properties;
    }

    /** Leads are also read for whether they were converted. */
    @Override
    public List<String> salesforceFieldsToRead(ObjectMapping mapping) {
        List<String> fields = new ArrayList<>(super.salesforceFieldsToRead(mapping));
        if (ObjectPair.CONTACT_LEAD.salesforceObject().equals(mapping.salesforceObject())) {
            fields.add(CONVERTED);
        }
        return fields;
    }

    /** A Salesforce Contact belongs to an Account; a Lead does not. */
    @Override
    public boolean hasAccount(ObjectMapping mapping) {
        return ObjectPair.CONTACT_CONTACT.salesforceObject().equals(mapping.salesforceObject());
    }

    /**
     * With an inclusion list only its members sync to Salesforce, new or already linked (HubSpot: "further
     * updates … will not sync … until they meet the segment criteria").
     */
    @Override
    public Optional<String> inclusionList(TenantSettings tenant) {
        return tenant.inclusionList();
    }

    @Override
    public Optional<String> salesforceSkip(TenantSettings tenant, CrmRecord salesforce) {
        return converted(salesforce) ? Optional.of("Lead converted; its Contact carries the sync") : Optional.empty();
    }

    /** A converted Lead is read-only; its Contact (which carries the external ID) takes over. */
    @Override
    public Optional<String> handedOver(CrmRecord salesforce) {
        return converted(salesforce) ? Optional.of("Lead converted; link follows its Contact") : Optional.empty();
    }

    @Override
    public Optional<String> hubSpotEmail(CrmRecord hubSpot) {
        String email = hubSpot == null ? null : hubSpot.properties().get(HUBSPOT_EMAIL);
        return blank(email) ? Optional.empty() : Optional.of(email.strip());
    }

    @Override
    public Optional<String> salesforceEmail(CrmRecord salesforce) {
        String email = salesforce.properties().get(SALESFORCE_EMAIL);
        return blank(email) ? Optional.empty() : Optional.of(email);
    }

    @Override
    public Optional<String> noSalesforceCreate(CrmRecord hubSpot) {
        return hubSpotEmail(hubSpot).isEmpty() ? Optional.of("no email address") : Optional.empty();
    }

    /** The setting "Create or update the contact" or "… the lead" (candidates are Contact, then Lead). */
    @Override
    public ObjectMapping mappingForCreate(List<ObjectMapping> candidates, TenantSettings tenant) {
        return tenant.hubSpotToSalesforce() == HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT ? candidates.get(0)
                : candidates.get(1);
    }

    @Override
    public Optional<String> noHubSpotCreate(TenantSettings tenant, CrmRecord salesforce) {
        if (tenant.salesforceToHubSpot() == SalesforceToHubSpot.DO_NOTHING) {
            return Optional.of("setting: do nothing for new Salesforce records");
        }
        return salesforceEmail(salesforce).isEmpty() ? Optional.of("no email address") : Optional.empty();
    }

    /** HubSpot contacts are unique by email, so a create by email is an upsert. */
    @Override
    public String hubSpotUpsertProperty() {
        return HUBSPOT_EMAIL;
    }

    @Override
    public String hubSpotUpsertKey(CrmRecord salesforce) {
        return salesforce.properties().get(SALESFORCE_EMAIL);
    }

    /** Deals' contact roles wait for their contacts' twins. */
    @Override
    public boolean awaitedByAssociations() {
        return true;
    }

    private static boolean converted(CrmRecord salesforce) {
        return salesforce != null && "true".equalsIgnoreCase(String.valueOf(salesforce.properties().get(CONVERTED)));
    }
}
