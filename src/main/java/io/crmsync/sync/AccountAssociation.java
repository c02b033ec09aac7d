package io.crmsync.sync;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.crmsync.mapping.SyncRule;
import io.crmsync.sync.FieldResolver.Decision;
import io.crmsync.sync.FieldResolver.FieldState;
import io.crmsync.crm.Side;

/**
 * The account a contact or deal belongs to — HubSpot's primary company association, Salesforce's
 * {@code AccountId} — synced like a two-way field: the sides compare as Salesforce Account Ids (a company counts
 * by its linked Account), the most recent change wins, and the agreed value's fingerprint is kept on the link.
 * When the winning side's company or account has no twin yet, nothing is written and the record waits for it
 * ("Waiting for account to sync", as HubSpot's connector calls it).
 */
public final class AccountAssociation {

    /** The fingerprint key on the link; "@" keeps it apart from any mapped Salesforce field. */
    public static final String FINGERPRINT_KEY = "@AccountId";
    public static final String SALESFORCE_FIELD = "AccountId";
    public static final String WAITING = "Waiting for account to sync";

    private static final String UNSYNCED_COMPANY = "unsynced HubSpot company ";

    private AccountAssociation() {
    }

    /**
     * What is known about the other ends.
     *
     * @param accountOfCompany linked HubSpot company id → Salesforce Account Id
     * @param companyOfAccount Salesforce Account Id → its HubSpot company id, for accounts that have one
     */
    public record Twins(Map<String, String> accountOfCompany, Map<String, String> companyOfAccount) {
        public Twins {
            accountOfCompany = Map.copyOf(accountOfCompany);
            companyOfAccount = Map.copyOf(companyOfAccount);
        }
    }

    /**
     * The outcome for one record.
     *
     * @param accountIdForSalesforce present when {@code AccountId} is to be written (empty string: cleared)
     * @param companyForHubSpot the HubSpot company to make the record's primary company
     * @param awaited what the record waits for ({@code hubspot|company|id} or {@code salesforce|Account|Id})
     * @param fingerprint what the link keeps for the next comparison
     */
    public record Result(Optional<String> accountIdForSalesforce, Optional<String> companyForHubSpot,
            Optional<String> awaited, String fingerprint, String hubSpotValue, String salesforceValue,
            Decision decision) {

        public boolean writesSomething() {
            return accountIdForSalesforce.isPresent() || companyForHubSpot.isPresent();
        }
    }

    /**
     * @param primaryCompany the HubSpot record's primary company id, null for none (or no HubSpot record yet)
     * @param accountId the Salesforce record's AccountId, null for none (or no Salesforce record yet)
     */
    public static Result decide(String primaryCompany, Instant hubSpotChangedAt, String accountId,
            Instant salesforceChangedAt, Twins twins, Optional<String> lastAgreed, Side tieBreak) {
        String h = primaryCompany == null ? null
                : twins.accountOfCompany().getOrDefault(primaryCompany, UNSYNCED_COMPANY + primaryCompany);
        String s = accountId == null || accountId.isBlank() ? null : accountId;
        Decision decided = FieldResolver.decide(SyncRule.TWO_WAY, new FieldState(h, hubSpotChangedAt),
                new FieldState(s, salesforceChangedAt), lastAgreed, tieBreak);
        if (decided.writeTo().isEmpty()) {
            String standing = decided.winner() == Side.HUBSPOT ? h : s;
            return new Result(Optional.empty(), Optional.empty(), Optional.empty(), FieldResolver.fingerprint(standing),
                    h, s, decided);
        }
        if (decided.writeTo().get() == Side.SALESFORCE) {
            if (h != null && h.startsWith(UNSYNCED_COMPANY)) {
                return held(decided, Side.SALESFORCE, h, s, "hubspot|company|" + primaryCompany);
            }
            return new Result(Optional.of(h == null ? "" : h), Optional.empty(), Optional.empty(),
                    FieldResolver.fingerprint(h), h, s, decided);
        }
        if (s == null) {
            // Salesforce has no account: the HubSpot association stays (crmsync adds associations, never removes them).
            return new Result(Optional.empty(), Optional.empty(), Optional.empty(), FieldResolver.fingerprint(h), h, s,
                    Decision.none(SyncRule.TWO_WAY, Side.HUBSPOT, decided.reason()
                            + "; HubSpot association kept: crmsync never removes associations", h));
        }
        String company = twins.companyOfAccount().get(s);
        if (company == null) {
            return held(decided, Side.HUBSPOT, h, s, "salesforce|Account|" + s);
        }
        return new Result(Optional.empty(), Optional.of(company), Optional.empty(), FieldResolver.fingerprint(s), h, s,
                decided);
    }

    /** Nothing written; the target's value stands, so the change still reads as one when its other end syncs. */
    private static Result held(Decision decided, Side target, String h, String s, String awaited) {
        String standing = target == Side.SALESFORCE ? s : h;
        return new Result(Optional.empty(), Optional.empty(), Optional.of(awaited), FieldResolver.fingerprint(standing),
                h, s, Decision.none(SyncRule.TWO_WAY, target, decided.reason() + "; " + WAITING, standing));
    }
}
