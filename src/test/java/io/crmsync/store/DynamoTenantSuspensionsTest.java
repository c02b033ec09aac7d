package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.tenant.Tenant;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Suspensions on the tenant's item, against dynalite. */
class DynamoTenantSuspensionsTest {

    final LocalAws aws = SharedLocalAws.get();
    final String table = aws.tableName("TenantsTable");
    final DynamoTenantSuspensions suspensions = new DynamoTenantSuspensions(aws.dynamo(), table);

    @BeforeEach
    void tenant() {
        aws.reset();
        new DynamoTenantDirectory(aws.dynamo(), table).save(new Tenant("acme", 62515, "00D5g000004YzKxEAK",
                Optional.empty()));
    }

    Map<String, AttributeValue> item() {
        return aws.dynamo().getItem(b -> b.tableName(table).key(Map.of("tenantId", AttributeValue.fromS("acme")))
                .consistentRead(true)).item();
    }

    @Test
    void aSuspensionKeepsItsFirstTimeUntilClearedAndTheTenantItemStays() {
        suspensions.suspend("acme", SyncPausedException.ORG_API_LIMIT_EXCEEDED, Instant.ofEpochMilli(1000));
        suspensions.suspend("acme", SyncPausedException.ORG_API_LIMIT_EXCEEDED, Instant.ofEpochMilli(5000));

        Map<String, AttributeValue> suspension = item().get("suspension").m();
        assertThat(suspension.get("reason").s()).isEqualTo("Salesforce Organization API limit exceeded");
        assertThat(suspension.get("since").n()).isEqualTo("1000");

        suspensions.suspend("acme", SyncPausedException.ORG_API_ACCESS_DISABLED, Instant.ofEpochMilli(9000));
        assertThat(item().get("suspension").m().get("reason").s()).isEqualTo("Salesforce Organization API access disabled");

        suspensions.clear("acme");
        suspensions.clear("acme");
        assertThat(item()).doesNotContainKey("suspension").containsKey("hubSpotPortalId");
    }

    @Test
    void anUnknownTenantIsNotCreated() {
        suspensions.suspend("nobody", SyncPausedException.ORG_API_LIMIT_EXCEEDED, Instant.now());
        assertThat(aws.dynamo().getItem(b -> b.tableName(table).key(Map.of("tenantId",
                AttributeValue.fromS("nobody")))).hasItem()).isFalse();
    }
}
