package io.crmsync.crm;

import java.time.Instant;
import java.util.Optional;

/**
 * Syncing a tenant must pause until {@code resumeAt}: its API-call allocation is used up for now, or — with a
 * {@code suspension} named as HubSpot's connector names it — its whole Salesforce org refuses (limit exceeded,
 * API access disabled). The notices are deferred, never dropped nor counted as failed receives.
 */
public class SyncPausedException extends CrmUnavailableException {

    /** HubSpot's suspension names (facts §13.2). */
    public static final String ORG_API_LIMIT_EXCEEDED = "Salesforce Organization API limit exceeded";
    public static final String ORG_API_ACCESS_DISABLED = "Salesforce Organization API access disabled";
    public static final String OBJECT_PERMISSIONS_MISSING = "Salesforce object permissions missing";

    private final Instant resumeAt;
    private final String suspension;

    public SyncPausedException(String message, Instant resumeAt, Optional<String> suspension) {
        super(message, null);
        this.resumeAt = resumeAt;
        this.suspension = suspension.orElse(null);
    }

    public Instant resumeAt() {
        return resumeAt;
    }

    public Optional<String> suspension() {
        return Optional.ofNullable(suspension);
    }
}
