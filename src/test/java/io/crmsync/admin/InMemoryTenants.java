package io.crmsync.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;
import io.crmsync.tenant.TenantRegistry;

/** Tenants in a map, for the admin routes' unit tests. */
final class InMemoryTenants implements TenantRegistry, TenantDirectory {

    final Map<String, Tenant> tenants = new TreeMap<>();

    InMemoryTenants with(Tenant tenant) {
        tenants.put(tenant.id(), tenant);
        return this;
    }

    @Override
    public List<Tenant> registered() {
        return new ArrayList<>(tenants.values());
    }

    @Override
    public boolean createIfAbsent(Tenant tenant) {
        return tenants.putIfAbsent(tenant.id(), tenant) == null;
    }

    @Override
    public Optional<Tenant> byId(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    @Override
    public Optional<Tenant> byHubSpotPortal(long portalId) {
        return tenants.values().stream().filter(t -> t.hubSpotConnected() && t.hubSpotPortalId() == portalId)
                .findFirst();
    }

    @Override
    public List<Tenant> tenantsOnOrg(String orgId) {
        return tenants.values().stream().filter(t -> t.salesforceConnected()
                && Tenant.orgKey(t.salesforceOrgId()).equals(Tenant.orgKey(orgId))).toList();
    }

    @Override
    public List<Tenant> all() {
        return tenants.values().stream().filter(t -> t.hubSpotConnected() && t.salesforceConnected()).toList();
    }
}
