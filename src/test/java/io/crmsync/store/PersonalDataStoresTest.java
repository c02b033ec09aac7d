package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.crm.Side;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.reconcile.Cursor;
import io.crmsync.sync.AuditLog;
import io.crmsync.sync.ErasedPerson;
import io.crmsync.sync.Link;
import io.crmsync.sync.SyncErrorLog;
import io.crmsync.tenant.Tenant;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What each store keeps about a person, against dynalite on the tables of infra/aws-resources.json: audit rows
 * expire, erase markers hold no id and expire, and each store's erase removes the person's items and no one
 * else's.
 */
class PersonalDataStoresTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    final LocalAws aws = SharedLocalAws.get();

    @BeforeEach
    void emptyTables() {
        aws.reset();
    }

    static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static AuditLog.Entry decision(String hubSpotId, String value, Instant at) {
        return new AuditLog.Entry("acme", "contact", hubSpotId, "Lead", "00Q000000000" + hubSpotId + "AAA", "email",
                value, value, value, "SALESFORCE", "HUBSPOT", "TWO_WAY", "changed", at);
    }

    @Test
    void auditRowsCarryTheirExpiryAndTheHistoryShowsNoneExpired() {
        String table = aws.tableName("AuditTable");
        Duration retention = Duration.ofDays(30);
        new DynamoAuditLog(aws.dynamo(), table, retention, at(NOW)).append(List.of(
                decision("101", "old@example.com", NOW.minus(Duration.ofDays(31))),
                decision("101", "new@example.com", NOW.minus(Duration.ofDays(1)))));

        List<Map<String, AttributeValue>> items = aws.dynamo().scan(b -> b.tableName(table)).items();
        assertThat(items).allSatisfy(item -> assertThat(Long.parseLong(item.get("expiresAt").n()))
                .isEqualTo(Instant.ofEpochMilli(Long.parseLong(item.get("at").n())).plus(retention).getEpochSecond()));
        // dynalite, like DynamoDB for a while after the expiry, still holds the old row: the history skips it.
        assertThat(items).hasSize(2);
        assertThat(new DynamoAuditLog(aws.dynamo(), table, retention, at(NOW)).history("acme", "contact", "101", 10))
                .extracting(AuditLog.Entry::hubSpotValue).containsExactly("new@example.com");
    }

    @Test
    void anEraseMarkerHoldsNoIdAndExpires() {
        String table = aws.tableName("LinksTable");
        DynamoErasureMarks marks = new DynamoErasureMarks(aws.dynamo(), table, at(NOW));
        marks.mark("acme", List.of("hubspot|contact|101", "salesforce|Lead|00Q000000000101AAA"),
                NOW.plus(Duration.ofDays(30)));

        assertThat(marks.erased("acme", List.of("hubspot|contact|101", "hubspot|contact|102",
                "salesforce|Lead|00Q000000000101AAA"))).containsExactlyInAnyOrder("hubspot|contact|101",
                        "salesforce|Lead|00Q000000000101AAA");
        assertThat(marks.erased("globex", List.of("hubspot|contact|101"))).isEmpty();
        assertThat(aws.dynamo().scan(b -> b.tableName(table)).items()).hasSize(2).allSatisfy(item -> {
            assertThat(item.keySet()).containsExactlyInAnyOrder("hubSpotKey", "expiresAt");
            assertThat(item.get("hubSpotKey").s()).matches("erased\\|[0-9a-f]{64}").doesNotContain("101");
        });
        DynamoErasureMarks later = new DynamoErasureMarks(aws.dynamo(), table, at(NOW.plus(Duration.ofDays(31))));
        assertThat(later.erased("acme", List.of("hubspot|contact|101"))).isEmpty();
    }

    /**
     * What one erase costs: a person with 60 audit rows, a link, a sync error and a wait, erased through the real
     * stores with every DynamoDB request counted. Reads: the link, the Salesforce index, the contact's audit rows
     * (twice: to find every twin, then to erase), the tenant's waits, the tenant item; writes: markers, the audit
     * rows 25 a batch, the error, the wait, the link.
     */
    @Test
    void oneEraseTakesAFewRequestsPlusOneBatchPer25AuditRows() {
        java.util.concurrent.ConcurrentHashMap<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
        software.amazon.awssdk.services.dynamodb.DynamoDbClient counted = software.amazon.awssdk.services.dynamodb
                .DynamoDbClient.builder().endpointOverride(java.net.URI.create(aws.dynamoEndpoint()))
                .region(software.amazon.awssdk.regions.Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials())
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(
                        new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                            @Override
                            public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution
                                    context, software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                                calls.merge(context.request().getClass().getSimpleName().replace("Request", ""), 1,
                                        Integer::sum);
                            }
                        })).build();
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        DynamoLinkStore links = new DynamoLinkStore(counted, aws.tableName("LinksTable"));
        DynamoAuditLog audit = new DynamoAuditLog(counted, aws.tableName("AuditTable"));
        DynamoSyncErrorLog errors = new DynamoSyncErrorLog(counted, aws.tableName("SyncErrorsTable"));
        DynamoAssociationWaits waits = new DynamoAssociationWaits(counted, aws.tableName("SyncErrorsTable"));
        new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"))
                .save(new Tenant("acme", 62515, "00D5g000004YzKxEAK", java.util.Optional.empty()));
        links.save(new Link("acme", "contact", "101", "Lead", "00Q000000000101AAA", "h", NOW));
        List<AuditLog.Entry> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.add(decision("101", "p101@example.com", NOW.plusMillis(i)));
        }
        audit.append(rows);
        errors.record(List.of(new SyncErrorLog.SyncError("acme", "hubspot|contact|101", "Data", "X", "m", NOW)));
        waits.await("acme", "hubspot|company|900", "hubspot|contact|101");
        io.crmsync.sync.Erasure erasure = new io.crmsync.sync.Erasure(links, audit,
                new DynamoErasureMarks(counted, aws.tableName("LinksTable")), List.of(audit, errors, waits,
                        new DynamoTenantRecordRefs(counted, aws.tableName("TenantsTable"), json), links),
                Duration.ofDays(30), Clock.systemUTC());
        calls.clear();

        long started = System.nanoTime();
        io.crmsync.sync.Erasure.Report report = erasure.erase("acme",
                List.of(ErasedPerson.Record.hubSpot("contact", "101")));
        long millis = (System.nanoTime() - started) / 1_000_000;

        int total = calls.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("one erase (60 audit rows): %d DynamoDB requests %s, %d ms, erased %s%n", total,
                new java.util.TreeMap<>(calls), millis, report.erasedPerTable());
        assertThat(report.erasedPerTable()).containsEntry("audit", 60).containsEntry("links", 1)
                .containsEntry("sync-errors", 1).containsEntry("sync-errors (waits)", 1);
        // 60 rows: 3 audit batches; the rest is fixed per person (two records here).
        assertThat(total).isLessThanOrEqualTo(12 + 3);
    }

    @Test
    void eachStoreErasesThePersonAndNoOneElse() {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        DynamoLinkStore links = new DynamoLinkStore(aws.dynamo(), aws.tableName("LinksTable"));
        DynamoAuditLog audit = new DynamoAuditLog(aws.dynamo(), aws.tableName("AuditTable"));
        DynamoSyncErrorLog errors = new DynamoSyncErrorLog(aws.dynamo(), aws.tableName("SyncErrorsTable"));
        DynamoAssociationWaits waits = new DynamoAssociationWaits(aws.dynamo(), aws.tableName("SyncErrorsTable"));
        DynamoTenantRecordRefs refs = new DynamoTenantRecordRefs(aws.dynamo(), aws.tableName("TenantsTable"), json);
        new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"))
                .save(new Tenant("acme", 62515, "00D5g000004YzKxEAK", java.util.Optional.empty()));
        DynamoCursorStore cursors = new DynamoCursorStore(aws.dynamo(), aws.tableName("TenantsTable"));
        List<AuditLog.Entry> entries = new ArrayList<>();
        for (String id : List.of("101", "102")) {
            links.save(new Link("acme", "contact", id, "Lead", "00Q000000000" + id + "AAA", "h", NOW));
            for (int i = 0; i < 30; i++) {
                entries.add(decision(id, "p" + id + "@example.com", NOW.plusMillis(i)));
            }
            errors.record(List.of(new SyncErrorLog.SyncError("acme", "hubspot|contact|" + id, "Data", "STRING_TOO_LONG",
                    "Last Name: data value too large: Name" + id, NOW)));
            waits.await("acme", "hubspot|company|900", "hubspot|contact|" + id);
        }
        audit.append(entries);
        waits.await("acme", "hubspot|contact|101", "hubspot|deal|700");
        cursors.save("acme", Side.SALESFORCE, "Lead", new Cursor(NOW, "00Q000000000101AAA"));
        cursors.save("acme", Side.HUBSPOT, "contact", new Cursor(NOW, "102"));
        ErasedPerson person = new ErasedPerson("acme", List.of(ErasedPerson.Record.hubSpot("contact", "101"),
                ErasedPerson.Record.salesforce("Lead", "00Q000000000101AAA")));

        assertThat(audit.erase(person)).isEqualTo(30);
        assertThat(errors.erase(person)).isEqualTo(1);
        assertThat(waits.erase(person)).isEqualTo(2);
        assertThat(refs.erase(person)).isEqualTo(1);
        assertThat(links.erase(person)).isEqualTo(1);

        assertThat(audit.history("acme", "contact", "101", 100)).isEmpty();
        assertThat(audit.history("acme", "contact", "102", 100)).hasSize(30);
        assertThat(links.findByHubSpotIds("acme", "contact", List.of("101", "102"))).containsOnlyKeys("102");
        assertThat(links.findBySalesforceId("acme", "Lead", "00Q000000000101AAA")).isEmpty();
        assertThat(errors.open("acme")).extracting(SyncErrorLog.SyncError::recordKey)
                .containsExactly("hubspot|contact|102");
        assertThat(waits.waitingFor("acme", List.of("hubspot|company|900", "hubspot|contact|101")))
                .isEqualTo(Map.of("hubspot|company|900", java.util.Set.of("hubspot|contact|102")));
        assertThat(cursors.load("acme", Side.SALESFORCE, "Lead")).contains(new Cursor(NOW, ""));
        assertThat(cursors.load("acme", Side.HUBSPOT, "contact")).contains(new Cursor(NOW, "102"));
        // A repeat finds nothing left.
        assertThat(List.of(audit.erase(person), errors.erase(person), waits.erase(person), refs.erase(person),
                links.erase(person))).containsOnly(0);
    }
}
