package io.crmsync.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;

/**
 * One HubSpot account paired with one Salesforce org. A tenant is created (admin API) before either CRM is
 * connected: until then its portal is {@link #NO_PORTAL} and its org is empty.
 *
 * @param hubSpotPortalId the portal's id, {@link #NO_PORTAL} before HubSpot is connected
 * @param salesforceOrgId the org's 18-character id (00D…), empty before Salesforce is connected; matched on its
 *        first 15 characters, since Salesforce sends either form
 * @param outboundTokenSha256 hex SHA-256 of the secret token in this tenant's Outbound Message endpoint URL
 *        (the token itself lives only in the URL configured in Salesforce), empty when not set up
 */
public record Tenant(String id, long hubSpotPortalId, String salesforceOrgId, Optional<String> outboundTokenSha256) {

    /** HubSpot portal ids are positive; 0 stands for "not connected yet". */
    public static final long NO_PORTAL = 0;

    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(salesforceOrgId, "salesforceOrgId");
        outboundTokenSha256 = outboundTokenSha256 == null ? Optional.empty() : outboundTokenSha256;
    }

    /** A tenant just created: neither CRM connected yet. */
    public static Tenant unconnected(String id, Optional<String> outboundTokenSha256) {
        return new Tenant(id, NO_PORTAL, "", outboundTokenSha256);
    }

    public boolean hubSpotConnected() {
        return hubSpotPortalId != NO_PORTAL;
    }

    public boolean salesforceConnected() {
        return !salesforceOrgId.isBlank();
    }

    /** The SHA-256 a tenant keeps of its Outbound Message token (the intake compares digests in constant time). */
    public static byte[] outboundTokenDigest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Salesforce ids are case-sensitive in their first 15 characters; the last 3 only encode case. */
    public static String orgKey(String salesforceOrgId) {
        return salesforceOrgId.length() > 15 ? salesforceOrgId.substring(0, 15) : salesforceOrgId;
    }
}
