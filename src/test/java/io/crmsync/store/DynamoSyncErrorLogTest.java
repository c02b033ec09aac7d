package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sync.SyncErrorLog.SyncError;

/** Sync errors against dynalite: recorded, listed per tenant without the association waits, cleared. */
class DynamoSyncErrorLogTest {

    final LocalAws aws = SharedLocalAws.get();
    final String table = aws.tableName("SyncErrorsTable");
    final DynamoSyncErrorLog errors = new DynamoSyncErrorLog(aws.dynamo(), table);

    @BeforeEach
    void empty() {
        aws.reset();
    }

    @Test
    void openErrorsAreListedPerTenantWithoutTheAssociationWaits() {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        errors.record(List.of(new SyncError("acme", "hubspot|contact|11", "Custom code", "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                "Title is required", at), new SyncError("globex", "hubspot|contact|12", "Duplicates", "DUPLICATE", "x", at)));
        new DynamoAssociationWaits(aws.dynamo(), table).await("acme", "hubspot|company|7", "hubspot|contact|13");

        assertThat(errors.open("acme")).containsExactly(new SyncError("acme", "hubspot|contact|11", "Custom code",
                "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Title is required", at));

        errors.clear("acme", List.of("hubspot|contact|11"));
        assertThat(errors.open("acme")).isEmpty();
        assertThat(errors.open("globex")).hasSize(1);
    }
}
