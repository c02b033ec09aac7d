package io.crmsync.reconcile;

import java.util.Optional;

import io.crmsync.crm.Side;

/** Where each tenant's reconcile cursors live, one per side and object. */
public interface CursorStore {

    Optional<Cursor> load(String tenantId, Side side, String objectType);

    /** Stores the cursor unless the stored one is already further: a cursor never moves backwards. */
    void save(String tenantId, Side side, String objectType, Cursor cursor);
}
