package io.crmsync.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.crm.Side;
import io.crmsync.sync.pair.PairBehaviour;
import io.crmsync.tenant.TenantSettings;

/**
 * Decides the account of a batch of contacts or deals with the fewest calls: one HubSpot association read per
 * 1,000 records, the companies' links from crmsync's own table, and one SOQL query for the Accounts whose HubSpot
 * company the links do not already name. The engine's account step: it fills in each record's account decision.
 */
final class AccountPlanner {

    private static final String COMPANY = ObjectPair.COMPANY_ACCOUNT.hubSpotObject();

    private final HubSpotAssociations associations;
    private final LinkStore links;
    private final SalesforceRecords salesforce;
    /** The tenant's mappings: an Account names its HubSpot company in the tenant's own id field. */
    private final BiFunction<String, ObjectPair, ObjectMapping> mappings;

    AccountPlanner(HubSpotAssociations associations, LinkStore links, SalesforceRecords salesforce,
            BiFunction<String, ObjectPair, ObjectMapping> mappings) {
        this.mappings = mappings;
        this.associations = associations;
        this.links = links;
        this.salesforce = salesforce;
    }

    /**
     * The account of each record of the batch whose Salesforce side belongs to an Account (a contact synced with a
     * Salesforce Contact, a deal), decided like a two-way field; only with company sync on, since without it no
     * company has a twin to point at.
     */
    void decide(String tenantId, PairBehaviour pair, TenantSettings tenant, Collection<RecordWork> work) {
        if (!tenant.companySync()) {
            return;
        }
        List<RecordWork> subjects = work.stream().filter(w -> w.open() && w.plan != null && pair.hasAccount(w.mapping))
                .toList();
        if (subjects.isEmpty()) {
            return;
        }
        Map<String, AccountAssociation.Result> decided = plan(tenantId, pair.hubSpotObject(), subjects.stream()
                .map(w -> new Subject(w.key, w.hubSpot == null ? null : w.hubSpot.id(),
                        w.hubSpot == null ? null : w.hubSpot.updatedAt(),
                        w.salesforce == null ? null : w.salesforce.properties().get(AccountAssociation.SALESFORCE_FIELD),
                        w.salesforce == null ? null : w.salesforce.updatedAt(),
                        w.link == null || !w.mapping.salesforceObject().equals(w.link.salesforceObject())
                                ? Optional.empty()
                                : Optional.ofNullable(w.link.fieldFingerprints().get(AccountAssociation.FINGERPRINT_KEY))))
                .toList(), tenant.tieBreak());
        subjects.forEach(w -> w.account = decided.get(w.key));
    }

    /**
     * One contact or deal: its HubSpot id (null when it is yet to be created there), its Salesforce AccountId
     * (null for none or not yet created), when each side last changed, and the link's last agreed fingerprint.
     */
    record Subject(String key, String hubSpotId, Instant hubSpotChangedAt, String accountId,
            Instant salesforceChangedAt, Optional<String> lastAgreed) {
    }

    Map<String, AccountAssociation.Result> plan(String tenantId, String hubSpotType, List<Subject> subjects,
            Side tieBreak) {
        if (subjects.isEmpty()) {
            return Map.of();
        }
        List<String> hubSpotIds = subjects.stream().map(Subject::hubSpotId).filter(Objects::nonNull).distinct().toList();
        Map<String, String> primaryCompany = new HashMap<>();
        if (!hubSpotIds.isEmpty()) {
            associations.read(tenantId, hubSpotType, COMPANY, hubSpotIds).forEach((id, companies) -> {
                // Listed primary first; a record with companies but none labelled primary takes the first.
                if (!companies.isEmpty()) {
                    primaryCompany.put(id, companies.get(0).toId());
                }
            });
        }
        Map<String, String> accountOfCompany = new HashMap<>();
        Map<String, String> companyOfAccount = new HashMap<>();
        List<String> companies = primaryCompany.values().stream().distinct().toList();
        if (!companies.isEmpty()) {
            links.findByHubSpotIds(tenantId, COMPANY, companies).forEach((company, link) -> {
                if (link.salesforceId() != null) {
                    accountOfCompany.put(company, link.salesforceId());
                    companyOfAccount.put(link.salesforceId(), company);
                }
            });
        }
        List<String> unknownAccounts = subjects.stream().map(Subject::accountId)
                .filter(a -> a != null && !a.isBlank() && !companyOfAccount.containsKey(a)).distinct().toList();
        if (!unknownAccounts.isEmpty()) {
            String externalId = mappings.apply(tenantId, ObjectPair.COMPANY_ACCOUNT).salesforceIdField();
            for (CrmRecord account : salesforce.find(tenantId, "Account", List.of(externalId), unknownAccounts,
                    externalId, List.of(), List.of())) {
                String company = account.properties().get(externalId);
                if (company != null && !company.isBlank()) {
                    companyOfAccount.put(account.id(), company);
                }
            }
        }
        AccountAssociation.Twins twins = new AccountAssociation.Twins(accountOfCompany, companyOfAccount);
        Map<String, AccountAssociation.Result> results = new LinkedHashMap<>();
        for (Subject s : subjects) {
            results.put(s.key(), AccountAssociation.decide(s.hubSpotId() == null ? null : primaryCompany.get(s.hubSpotId()),
                    orEpoch(s.hubSpotChangedAt()), s.accountId(), orEpoch(s.salesforceChangedAt()), twins,
                    s.lastAgreed(), tieBreak));
        }
        return results;
    }

    private static Instant orEpoch(Instant at) {
        return at == null ? Instant.EPOCH : at;
    }
}
