package io.crmsync.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.crmsync.crm.SyncPausedException;

/**
 * Remembers a pause the CRM call filter raised: the pass sees it as the CRM being unavailable (a pause is one),
 * but a paused tenant must stop altogether, not go on to its next object. A reader wrapped around a reader, so
 * {@link ReconcilePass} need not know about pauses.
 */
final class PauseWatch implements ChangeReader {

    private final ChangeReader reader;
    private final Optional<SnapshotReader> snapshotReader;
    SyncPausedException paused;

    PauseWatch(ChangeReader reader, Optional<SnapshotReader> snapshotReader) {
        this.reader = reader;
        this.snapshotReader = snapshotReader;
    }

    @Override
    public Page read(String tenantId, String objectType, List<String> properties, Cursor after, int limit,
            Instant until) {
        return watch(() -> reader.read(tenantId, objectType, properties, after, limit, until));
    }

    @Override
    public long count(String tenantId, String objectType, Instant until) {
        return watch(() -> reader.count(tenantId, objectType, until));
    }

    @Override
    public Count countWithCalls(String tenantId, String objectType, Instant until) {
        return watch(() -> reader.countWithCalls(tenantId, objectType, until));
    }

    /** The snapshot reader, watched alike. */
    Optional<SnapshotReader> snapshots() {
        return snapshotReader.map(snapshots -> new SnapshotReader() {
            @Override
            public String start(String tenantId, String objectType, List<String> properties, Instant until) {
                return watch(() -> snapshots.start(tenantId, objectType, properties, until));
            }

            @Override
            public State state(String tenantId, String snapshot) {
                return watch(() -> snapshots.state(tenantId, snapshot));
            }

            @Override
            public SnapshotPage page(String tenantId, String snapshot, String locator, int limit) {
                return watch(() -> snapshots.page(tenantId, snapshot, locator, limit));
            }
        });
    }

    private <T> T watch(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SyncPausedException pause) {
                    paused = pause;
                    break;
                }
            }
            throw e;
        }
    }
}
