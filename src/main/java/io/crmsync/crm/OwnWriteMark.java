package io.crmsync.crm;

import java.util.Optional;

/**
 * How crmsync marks its own Salesforce writes, so change events can tell them apart: every call sends
 * {@code Sforce-Call-Options: client=<ownClientId>-<tenantId>}, and Salesforce echoes the client in a change
 * event's {@code changeOrigin}. The mark names the tenant because several tenants (HubSpot portals) may share an
 * org: a Lead written for tenant A is A's echo, but a change B must still sync.
 *
 * @param ownClientId the deployment's client name ({@code crmsync.salesforce.call-client-id})
 */
public record OwnWriteMark(String ownClientId) {

    /** Who made a change, as its changeOrigin tells. */
    public sealed interface Writer {
    }

    /** Someone else (a person, another integration, or no changeOrigin at all). */
    public record Others() implements Writer {
    }

    /** crmsync, for this tenant. */
    public record Tenant(String tenantId) implements Writer {
    }

    /**
     * crmsync, without a tenant named: the mark of versions before several portals could share an org, still
     * seen in events written before an upgrade. It was the only tenant on the org then, so it is everyone's echo.
     */
    public record AnyTenant() implements Writer {
    }

    public OwnWriteMark {
        if (ownClientId == null || ownClientId.isBlank()) {
            throw new IllegalArgumentException("crmsync's Salesforce client id must not be blank");
        }
    }

    /** The {@code Sforce-Call-Options} value for the tenant's calls. */
    public String callOptions(String tenantId) {
        return "client=" + ownClientId + "-" + tenantId;
    }

    /** changeOrigin looks like {@code com/salesforce/api/rest/62.0;client=crmsync-acme}. */
    public Writer writerOf(String changeOrigin) {
        if (changeOrigin == null) {
            return new Others();
        }
        for (String part : changeOrigin.split(";")) {
            String value = part.trim();
            if (!value.startsWith("client=")) {
                continue;
            }
            String client = value.substring("client=".length());
            if (client.equals(ownClientId)) {
                return new AnyTenant();
            }
            Optional<String> tenant = client.startsWith(ownClientId + "-")
                    ? Optional.of(client.substring(ownClientId.length() + 1)).filter(t -> !t.isEmpty())
                    : Optional.empty();
            if (tenant.isPresent()) {
                return new Tenant(tenant.get());
            }
        }
        return new Others();
    }

    /** Whether the change is the tenant's own write, to be dropped for it (and only for it). */
    public boolean isEchoFor(String tenantId, Writer writer) {
        return writer instanceof AnyTenant || writer instanceof Tenant t && t.tenantId().equals(tenantId);
    }
}
