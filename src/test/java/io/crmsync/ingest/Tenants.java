package io.crmsync.ingest;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;
import io.crmsync.tenant.TenantDirectoryUnavailableException;

/** A fixed list of tenants for intake unit tests; its table can be made unreachable, for some or every lookup. */
class Tenants implements TenantDirectory {

    static final String ACME_TOKEN = "acme-outbound-token-5f1d";
    static final Tenant ACME = new Tenant("acme", 62515, "00D5g000004YzKxEAK",
            Optional.of(HexFormat.of().formatHex(Tenant.outboundTokenDigest(ACME_TOKEN))));
    static final String GLOBEX_TOKEN = "globex-outbound-token-77aa";
    static final Tenant GLOBEX = new Tenant("globex", 70000, "00D5g000009AbCdEAK",
            Optional.of(HexFormat.of().formatHex(Tenant.outboundTokenDigest(GLOBEX_TOKEN))));

    private final List<Tenant> tenants;

    Tenants() {
        this(List.of(ACME, GLOBEX));
    }

    Tenants(List<Tenant> tenants) {
        this.tenants = List.copyOf(tenants);
    }
    /** Every lookup fails as the DynamoDB adapter does when its table cannot answer. */
    boolean unavailable;
    /** Only this portal's lookup fails (0: none). */
    long unavailablePortal;

    private void answerable(boolean failing) {
        if (unavailable || failing) {
            throw new TenantDirectoryUnavailableException("tenants table unreachable (test)",
                    new IllegalStateException("Unable to execute HTTP request: Connect to dynamodb timed out (test)"));
        }
    }

    @Override
    public Optional<Tenant> byId(String tenantId) {
        answerable(false);
        return tenants.stream().filter(t -> t.id().equals(tenantId)).findFirst();
    }

    @Override
    public Optional<Tenant> byHubSpotPortal(long portalId) {
        answerable(portalId == unavailablePortal);
        return tenants.stream().filter(t -> t.hubSpotPortalId() == portalId).findFirst();
    }

    @Override
    public List<Tenant> tenantsOnOrg(String orgId) {
        answerable(false);
        return tenants.stream().filter(t -> Tenant.orgKey(t.salesforceOrgId()).equals(Tenant.orgKey(orgId)))
                .toList();
    }

    @Override
    public Optional<Tenant> byOutboundTokenSha256(String sha256Hex) {
        answerable(false);
        List<Tenant> holders = tenants.stream().filter(t -> t.outboundTokenSha256().filter(sha256Hex::equals).isPresent())
                .toList();
        return holders.size() == 1 ? Optional.of(holders.get(0)) : Optional.empty();
    }

    @Override
    public List<Tenant> all() {
        return tenants;
    }
}
