package io.crmsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerLogTest {

    @TempDir
    Path logs;

    @Test
    void countsEachTenantsCallsSinceTheMarkAndThoseOfBatchesThatOnlySkipped() throws Exception {
        Path worker = logs.resolve("sync-worker-0.log");
        Files.write(worker, List.of("... INFO [io.crmsync.sync.SyncWorker] (main) tenant local: HUBSPOT contact: "
                + "{SYNCED=9}; CRM calls {hubspot POST /crm/v3/objects/contacts/batch/read=1}"));
        WorkerLog.Mark mark = WorkerLog.mark(logs);
        Files.write(worker, List.of(
                "... tenant local: SALESFORCE Lead: {SYNCED=1, SKIPPED=2}; CRM calls {hubspot POST "
                        + "/crm/v3/objects/contacts/batch/read=2, hubspot POST /crm/v3/objects/contacts/batch/update=1, "
                        + "salesforce GET /services/data/v62.0/query=1}",
                "... tenant portal-3: SALESFORCE Lead: {SKIPPED=2}; CRM calls {hubspot POST "
                        + "/crm/v3/objects/contacts/batch/read=1, salesforce GET /services/data/v62.0/query=1, "
                        + "salesforce POST /services/oauth2/token=1}",
                "... INFO [io.quarkus] (main) started"), java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(logs.resolve("salesforce-cdc-0.log"), "tenant local: X Y: {SYNCED=1}; CRM calls {a=5}\n");

        Map<String, WorkerLog.TenantCalls> calls = WorkerLog.since(logs, mark);

        assertThat(calls).containsOnly(Map.entry("local", new WorkerLog.TenantCalls(4, 0, 2)),
                Map.entry("portal-3", new WorkerLog.TenantCalls(2, 2, 2)));
    }
}
