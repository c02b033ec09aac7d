package io.crmsync.sync;

import static io.crmsync.sync.Blank.blank;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import org.jboss.logging.Logger;

import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;

/**
 * A deal's contacts ↔ its opportunity's contact roles, after the deals themselves are written (a new opportunity
 * needs its Id first): one association read, one role query, and at most one write per side for the whole batch.
 * Its own step because it is a second sync riding on the first: a refusal here does not undo the deal's sync, it
 * becomes an Associations sync error; a CRM that cannot answer sends the deals back (retried, or deferred when
 * sync is paused). What to add is {@link ContactRoles}' decision.
 */
final class ContactRoleSync {

    private static final Logger LOG = Logger.getLogger(ContactRoleSync.class);

    private static final String DEAL = ObjectPair.DEAL_OPPORTUNITY.hubSpotObject();
    private static final String OPPORTUNITY = ObjectPair.DEAL_OPPORTUNITY.salesforceObject();
    private static final String CONTACT = ObjectPair.CONTACT_CONTACT.hubSpotObject();
    private static final String SALESFORCE_CONTACT = ObjectPair.CONTACT_CONTACT.salesforceObject();
    private static final String ROLE = "OpportunityContactRole";

    private final SalesforceRecords salesforce;
    private final HubSpotAssociations associations;
    private final LinkStore links;
    private final AuditLog audit;
    private final SyncErrorLog errors;
    private final AssociationWaits waits;
    private final Clock clock;
    /** The tenant's mappings: a Contact names its HubSpot contact in the tenant's own id field. */
    private final BiFunction<String, ObjectPair, ObjectMapping> mappings;

    ContactRoleSync(SalesforceRecords salesforce, HubSpotAssociations associations, LinkStore links, AuditLog audit,
            SyncErrorLog errors, AssociationWaits waits, Clock clock,
            BiFunction<String, ObjectPair, ObjectMapping> mappings) {
        this.mappings = mappings;
        this.salesforce = salesforce;
        this.associations = associations;
        this.links = links;
        this.audit = audit;
        this.errors = errors;
        this.waits = waits;
        this.clock = clock;
    }

    void sync(String tenantId, Collection<RecordWork> work) {
        List<RecordWork> deals = work.stream().filter(RecordWork::settled).toList();
        if (deals.isEmpty()) {
            return;
        }
        try {
            Map<String, List<HubSpotAssociations.Associated>> contactsOfDeal = associations.read(tenantId, DEAL,
                    CONTACT, deals.stream().map(w -> w.hubSpot.id()).toList());
            Map<String, List<ContactRoles.Role>> rolesOf = new HashMap<>();
            salesforce.findWhere(tenantId, ROLE, List.of("OpportunityId", "ContactId", "IsPrimary"),
                    "OpportunityId", deals.stream().map(w -> w.salesforce.id()).toList())
                    .forEach(r -> rolesOf.computeIfAbsent(r.properties().get("OpportunityId"), k -> new ArrayList<>())
                            .add(new ContactRoles.Role(r.properties().get("ContactId"),
                                    "true".equalsIgnoreCase(r.properties().get("IsPrimary")))));
            Set<String> hubSpotContacts = new LinkedHashSet<>();
            contactsOfDeal.values().forEach(list -> list.forEach(a -> hubSpotContacts.add(a.toId())));
            Map<String, String> contactOfHubSpot = new HashMap<>();
            Map<String, String> contactOfSalesforce = new HashMap<>();
            Set<String> asLeads = new LinkedHashSet<>();
            if (!hubSpotContacts.isEmpty()) {
                links.findByHubSpotIds(tenantId, CONTACT, hubSpotContacts).forEach((id, link) -> {
                    if (SALESFORCE_CONTACT.equals(link.salesforceObject())) {
                        contactOfHubSpot.put(id, link.salesforceId());
                        contactOfSalesforce.put(link.salesforceId(), id);
                    } else {
                        asLeads.add(id);
                    }
                });
            }
            List<String> unknownContacts = rolesOf.values().stream().flatMap(List::stream).map(ContactRoles.Role::contactId)
                    .filter(id -> !contactOfSalesforce.containsKey(id)).distinct().toList();
            if (!unknownContacts.isEmpty()) {
                String externalId = mappings.apply(tenantId, ObjectPair.CONTACT_CONTACT).salesforceIdField();
                salesforce.find(tenantId, SALESFORCE_CONTACT, List.of(externalId), unknownContacts, externalId,
                        List.of(), List.of()).stream().filter(c -> !blank(c.properties().get(externalId)))
                        .forEach(c -> contactOfSalesforce.put(c.id(), c.properties().get(externalId)));
            }
            Additions roles = new Additions();
            Additions hubSpotAssociations = new Additions();
            List<Map<String, Object>> newRoles = new ArrayList<>();
            List<HubSpotAssociations.Association> newAssociations = new ArrayList<>();
            for (RecordWork w : deals) {
                ContactRoles.Plan plan = ContactRoles.decide(contactsOfDeal.getOrDefault(w.hubSpot.id(), List.of())
                        .stream().map(HubSpotAssociations.Associated::toId).toList(),
                        rolesOf.getOrDefault(w.salesforce.id(), List.of()), contactOfHubSpot, contactOfSalesforce, asLeads);
                for (int i = 0; i < plan.salesforceContactsToAdd().size(); i++) {
                    boolean primary = i == 0 && plan.makeFirstPrimary();
                    newRoles.add(Map.of("OpportunityId", w.salesforce.id(), "ContactId",
                            plan.salesforceContactsToAdd().get(i), "IsPrimary", primary));
                    roles.add(w, SALESFORCE_CONTACT + " " + plan.salesforceContactsToAdd().get(i)
                            + (primary ? " (primary)" : ""));
                }
                plan.hubSpotContactsToAssociate().forEach(c -> {
                    newAssociations.add(new HubSpotAssociations.Association(w.hubSpot.id(), c));
                    hubSpotAssociations.add(w, CONTACT + " " + c);
                });
                plan.awaited().forEach(awaited -> waits.await(tenantId, awaited, dealKey(w)));
            }
            if (!newRoles.isEmpty()) {
                record(tenantId, "SALESFORCE", roles, salesforce.create(tenantId, ROLE, newRoles));
            }
            if (!newAssociations.isEmpty()) {
                record(tenantId, "HUBSPOT", hubSpotAssociations,
                        associations.associatePrimary(tenantId, DEAL, CONTACT, newAssociations));
            }
        } catch (CrmUnavailableException e) {
            // The deals themselves are written, but nothing else brings their roles back (the reconciler does not
            // compare contact roles), so their notices must come back: retried, or deferred while sync is paused.
            // The retry is idempotent: the deals are unchanged by then, and roles and associations are re-read
            // before anything is added, so what this run did add is not added twice.
            LOG.warnf("tenant %s: contact roles of %d deals not synced now; the deals come back: %s", tenantId,
                    deals.size(), e.getMessage());
            RecordOutcome again = RecordOutcome.unfinished(e, "contact roles not synced");
            deals.forEach(w -> w.outcome = again);
        }
    }

    /** The deals that asked for each write, in the write's order, and what the audit row says was added. */
    private static final class Additions {
        final List<RecordWork> deals = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        void add(RecordWork deal, String note) {
            deals.add(deal);
            notes.add(note);
        }
    }

    /** Audit rows for added roles and associations; a refusal becomes the deal's Associations sync error. */
    private void record(String tenantId, String writtenTo, Additions added, List<WriteResult> results) {
        Instant now = clock.instant();
        List<AuditLog.Entry> entries = new ArrayList<>();
        List<SyncErrorLog.SyncError> refused = new ArrayList<>();
        for (int i = 0; i < added.deals.size() && i < results.size(); i++) {
            RecordWork w = added.deals.get(i);
            WriteResult result = results.get(i);
            if (result instanceof WriteResult.Written) {
                entries.add(new AuditLog.Entry(tenantId, DEAL, w.hubSpot.id(), OPPORTUNITY, w.salesforce.id(), ROLE,
                        null, null, added.notes.get(i), writtenTo, writtenTo.equals("HUBSPOT") ? "SALESFORCE"
                                : "HUBSPOT", "TWO_WAY",
                        "added on the other side (deal contacts are only ever added, never removed)", now));
            } else if (result instanceof WriteResult.Refused r) {
                refused.add(new SyncErrorLog.SyncError(tenantId, dealKey(w), "Associations", r.code(),
                        "contact role: " + r.message(), now));
            }
        }
        if (!entries.isEmpty()) {
            audit.append(entries);
        }
        if (!refused.isEmpty()) {
            errors.record(refused);
        }
    }

    private static String dealKey(RecordWork deal) {
        return "hubspot|" + DEAL + "|" + deal.hubSpot.id();
    }
}
