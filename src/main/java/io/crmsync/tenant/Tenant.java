package io.crmsync.tenant;

import java.util.Objects;

/** One HubSpot account paired with one Salesforce org. */
public record Tenant(String id, long hubSpotPortalId, long hubSpotAppId) {
    public Tenant {
        Objects.requireNonNull(id, "id");
    }
}
