package io.crmsync.sync;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.crmsync.mapping.ObjectPair;
import io.crmsync.crm.Side;

/**
 * Decides the account of a batch of contacts or deals with the fewest calls: one HubSpot association read per
 * 1,000 records, the companies' links from crmsync's own table, and one SOQL query for the Accounts whose HubSpot
 * company the links do not already name.
 */
final class AccountPlanner {

    private final HubSpotAssociations associations;
    private final LinkStore links;
    private final SalesforceRecords salesforce;

    AccountPlanner(HubSpotAssociations associations, LinkStore links, SalesforceRecords salesforce) {
        this.associations = associations;
        this.links = links;
        this.salesforce = salesforce;
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
            associations.read(tenantId, hubSpotType, "company", hubSpotIds).forEach((id, companies) -> {
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
            links.findByHubSpotIds(tenantId, "company", companies).forEach((company, link) -> {
                if (link.salesforceId() != null) {
                    accountOfCompany.put(company, link.salesforceId());
                    companyOfAccount.put(link.salesforceId(), company);
                }
            });
        }
        List<String> unknownAccounts = subjects.stream().map(Subject::accountId)
                .filter(a -> a != null && !a.isBlank() && !companyOfAccount.containsKey(a)).distinct().toList();
        if (!unknownAccounts.isEmpty()) {
            String externalId = ObjectPair.COMPANY_ACCOUNT.externalIdField();
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
