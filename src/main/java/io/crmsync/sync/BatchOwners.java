package io.crmsync.sync;

import static io.crmsync.sync.Blank.blank;

import java.util.HashMap;
import java.util.Map;

import io.crmsync.mapping.FieldKind;
import io.crmsync.mapping.ObjectMapping;

/**
 * The tenant's owners, read at most once per step of a batch and only when an owner value is actually in play — a
 * mapped owner field set on either record — so records without owners (and tenants without owner mappings) spend
 * no calls on them; the directory itself caches them for minutes.
 */
final class BatchOwners {

    private final OwnerDirectory directory;
    private final Map<String, Owners> read = new HashMap<>();

    BatchOwners(OwnerDirectory directory) {
        this.directory = directory;
    }

    Owners of(String tenantId, ObjectMapping mapping, CrmRecord hubSpotRecord, CrmRecord salesforceRecord) {
        boolean inPlay = mapping.fields().stream().filter(f -> f.kind() == FieldKind.OWNER)
                .anyMatch(f -> hubSpotRecord != null && !blank(hubSpotRecord.properties().get(f.hubSpotProperty()))
                        || salesforceRecord != null && !blank(salesforceRecord.properties().get(f.salesforceField())));
        return inPlay ? read.computeIfAbsent(tenantId, directory::owners) : Owners.NONE;
    }
}
