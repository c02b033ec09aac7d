package io.crmsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deal's contacts ↔ its opportunity's contact roles. Both sides only gain: a contact associated on one side is
 * added on the other (the first role an opportunity gets is its primary one), and nothing is removed — a role or
 * association deleted on one side stays on the other, so neither CRM loses people by a sync. A contact whose
 * twin does not exist yet waits for it.
 */
public final class ContactRoles {

    private ContactRoles() {
    }

    /** One OpportunityContactRole as read. */
    public record Role(String contactId, boolean primary) {
    }

    /**
     * @param salesforceContactsToAdd Contact Ids to give a role on the opportunity, in order
     * @param makeFirstPrimary whether the first added role is the primary one (the opportunity has none)
     * @param hubSpotContactsToAssociate HubSpot contact ids to associate with the deal
     * @param awaited record keys of contacts without a twin yet ({@code hubspot|contact|id},
     *        {@code salesforce|Contact|Id})
     */
    public record Plan(List<String> salesforceContactsToAdd, boolean makeFirstPrimary,
            List<String> hubSpotContactsToAssociate, List<String> awaited) {

        public boolean isEmpty() {
            return salesforceContactsToAdd.isEmpty() && hubSpotContactsToAssociate.isEmpty() && awaited.isEmpty();
        }
    }

    /**
     * @param hubSpotContacts the deal's associated HubSpot contacts
     * @param roles the opportunity's contact roles
     * @param contactOfHubSpot HubSpot contact id → its Salesforce Contact Id, for those synced with a Contact
     * @param contactOfSalesforce Salesforce Contact Id → its HubSpot contact id, for those that have one
     * @param syncedAsLeads HubSpot contacts that sync with Leads: a Lead cannot hold a contact role, and nothing
     *        will ever come for them to wait for
     */
    public static Plan decide(List<String> hubSpotContacts, List<Role> roles, Map<String, String> contactOfHubSpot,
            Map<String, String> contactOfSalesforce, Set<String> syncedAsLeads) {
        Set<String> withRole = new LinkedHashSet<>();
        roles.forEach(r -> withRole.add(r.contactId()));
        List<String> toAdd = new ArrayList<>();
        List<String> awaited = new ArrayList<>();
        for (String contact : new LinkedHashSet<>(hubSpotContacts)) {
            String salesforceContact = contactOfHubSpot.get(contact);
            if (salesforceContact == null) {
                if (!syncedAsLeads.contains(contact)) {
                    awaited.add("hubspot|contact|" + contact);
                }
            } else if (withRole.add(salesforceContact)) {
                toAdd.add(salesforceContact);
            }
        }
        Set<String> associated = new LinkedHashSet<>(hubSpotContacts);
        List<String> toAssociate = new ArrayList<>();
        for (Role role : roles) {
            String contact = contactOfSalesforce.get(role.contactId());
            if (contact == null) {
                awaited.add("salesforce|Contact|" + role.contactId());
            } else if (associated.add(contact)) {
                toAssociate.add(contact);
            }
        }
        boolean hasPrimary = roles.stream().anyMatch(Role::primary);
        return new Plan(List.copyOf(toAdd), !hasPrimary && !toAdd.isEmpty(), List.copyOf(toAssociate),
                List.copyOf(awaited));
    }
}
