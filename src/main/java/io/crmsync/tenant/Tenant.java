package io.crmsync.tenant;

import java.util.Objects;
import java.util.Optional;

/**
 * One HubSpot account paired with one Salesforce org.
 *
 * @param salesforceOrgId the org's 18-character id (00D…); matched on its first 15 characters, since
 *        Salesforce sends either form
 * @param outboundTokenSha256 hex SHA-256 of the secret token in this tenant's Outbound Message endpoint URL
 *        (the token itself lives only in the URL configured in Salesforce), empty when not set up
 */
public record Tenant(String id, long hubSpotPortalId, String salesforceOrgId, Optional<String> outboundTokenSha256) {

    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(salesforceOrgId, "salesforceOrgId");
        outboundTokenSha256 = outboundTokenSha256 == null ? Optional.empty() : outboundTokenSha256;
    }

    /** Salesforce ids are case-sensitive in their first 15 characters; the last 3 only encode case. */
    public static String orgKey(String salesforceOrgId) {
        return salesforceOrgId.length() > 15 ? salesforceOrgId.substring(0, 15) : salesforceOrgId;
    }
}
