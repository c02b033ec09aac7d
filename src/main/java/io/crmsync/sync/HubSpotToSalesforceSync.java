package io.crmsync.sync;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.RecordMapper;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.SalesforceRecords.UpsertResult;

/**
 * Brings Salesforce up to date with the current state of HubSpot records: one batched read, then one
 * idempotent upsert per record whose mapped values differ from what crmsync last wrote.
 */
public final class HubSpotToSalesforceSync {

    private static final Logger LOG = Logger.getLogger(HubSpotToSalesforceSync.class);

    private final HubSpotRecords hubSpot;
    private final SalesforceRecords salesforce;
    private final LinkStore links;
    private final Clock clock;

    public HubSpotToSalesforceSync(HubSpotRecords hubSpot, SalesforceRecords salesforce, LinkStore links, Clock clock) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.links = links;
        this.clock = clock;
    }

    /** Syncs the given HubSpot records; every id gets an outcome. */
    public Map<String, RecordOutcome> sync(String tenantId, ObjectMapping mapping, Collection<String> hubSpotIds) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        Map<String, CrmRecord> current;
        Map<String, Link> known;
        try {
            current = hubSpot.read(tenantId, mapping.hubSpotObject(), hubSpotIds, mapping.hubSpotProperties());
            known = links.findByHubSpotIds(tenantId, mapping.hubSpotObject(), hubSpotIds);
        } catch (CrmUnavailableException e) {
            LOG.warnf("tenant %s: reading %d %s records failed, will retry: %s", tenantId, hubSpotIds.size(),
                    mapping.hubSpotObject(), e.getMessage());
            hubSpotIds.forEach(id -> outcomes.put(id, new RecordOutcome(Status.RETRY, e.getMessage())));
            return outcomes;
        }
        for (String id : hubSpotIds) {
            CrmRecord record = current.get(id);
            if (record == null) {
                outcomes.put(id, of(Status.NOT_FOUND));
                continue;
            }
            outcomes.put(id, write(tenantId, mapping, record, known.get(id)));
        }
        return outcomes;
    }

    private RecordOutcome write(String tenantId, ObjectMapping mapping, CrmRecord record, Link link) {
        Map<String, Object> fields = RecordMapper.toSalesforce(mapping, record.properties());
        String hash = ValuesHash.of(fields);
        if (link != null && hash.equals(link.lastWrittenHash())) {
            return of(Status.UNCHANGED);
        }
        UpsertResult result;
        try {
            result = salesforce.upsertByExternalId(tenantId, mapping.salesforceObject(), mapping.externalIdField(),
                    record.id(), fields);
        } catch (CrmUnavailableException e) {
            return new RecordOutcome(Status.RETRY, e.getMessage());
        }
        if (result instanceof UpsertResult.Refused refused) {
            LOG.warnf("tenant %s: Salesforce refused %s for HubSpot %s %s: %s", tenantId, mapping.salesforceObject(),
                    mapping.hubSpotObject(), record.id(), refused.errorCode());
            return new RecordOutcome(Status.REFUSED, refused.errorCode() + ": " + refused.message());
        }
        UpsertResult.Written written = (UpsertResult.Written) result;
        String salesforceId = written.id() != null ? written.id() : link == null ? null : link.salesforceId();
        links.save(new Link(tenantId, mapping.hubSpotObject(), record.id(), mapping.salesforceObject(), salesforceId,
                hash, clock.instant()));
        return new RecordOutcome(Status.SYNCED, written.created() ? "created" : "updated");
    }

    private static RecordOutcome of(Status status) {
        return RecordOutcome.of(status);
    }
}
