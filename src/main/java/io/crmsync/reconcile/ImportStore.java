package io.crmsync.reconcile;

import java.util.Optional;

import io.crmsync.crm.Side;

/** Where each tenant's full passes (imports) keep their progress between runs, one per side and object. */
public interface ImportStore {

    Optional<ImportProgress> load(String tenantId, Side side, String objectType);

    void save(String tenantId, Side side, String objectType, ImportProgress progress);
}
