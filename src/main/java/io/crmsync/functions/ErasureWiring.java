package io.crmsync.functions;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.store.DynamoAssociationWaits;
import io.crmsync.store.DynamoAuditLog;
import io.crmsync.store.DynamoErasureMarks;
import io.crmsync.store.DynamoLinkStore;
import io.crmsync.store.DynamoSyncErrorLog;
import io.crmsync.store.DynamoTenantRecordRefs;
import io.crmsync.sync.Erasure;

/**
 * The erase of a person (privacy deletions in the worker, the admin API's erase): every table of
 * infra/aws-resources.json that can name a person's record, in an order that keeps a failed erase repeatable — the
 * link last, since a repeat finds the Salesforce twin through it. audit (values and ids), sync-errors (the CRM's
 * message may quote a value; waits name record keys), tenants (reconcile cursors and the last report name the last
 * record read) and links; budget (call counts and allocations) and mappings (field mappings) name no record.
 */
@ApplicationScoped
public class ErasureWiring {

    @Produces
    @ApplicationScoped
    Erasure erasure(DynamoLinkStore links, DynamoErasureMarks marks, DynamoAuditLog audit,
            DynamoSyncErrorLog errors, DynamoAssociationWaits waits, DynamoTenantRecordRefs tenants,
            @ConfigProperty(name = "crmsync.privacy.erase-marker-days", defaultValue = "30") int markerDays) {
        return new Erasure(links, audit, marks, List.of(audit, errors, waits, tenants, links),
                Duration.ofDays(markerDays), Clock.systemUTC());
    }
}
