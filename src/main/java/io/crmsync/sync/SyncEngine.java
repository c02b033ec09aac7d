package io.crmsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.pair.PairBehaviour;
import io.crmsync.sync.pair.PairBehaviours;
import io.crmsync.tenant.TenantSettings;

/**
 * Brings both CRMs into agreement for a batch of changed records: one batched read per side, the sync rules per
 * field, then batched writes (HubSpot 100 per call, Salesforce 200 per call) — and links, audit rows and sync
 * errors written down. Notices are hints: both sides are always re-read, so a repeat or an echo finds nothing
 * to write.
 *
 * <p>The engine only orders the steps; each step is its own collaborator ({@link HubSpotChanges},
 * {@link SalesforceChanges}, {@link ConflictsByHistory}, {@link AccountPlanner}, {@link RecordWriter},
 * {@link SyncRecorder}, {@link ContactRoleSync}, {@link WaitingRelease}, {@link DeleteSync}), and what differs
 * per object pair is asked of the pair's {@link PairBehaviour}.
 */
public final class SyncEngine {

    private static final Logger LOG = Logger.getLogger(SyncEngine.class);

    /** What the engine reads and writes through: both CRMs and crmsync's own tables. */
    public record Ports(HubSpotRecords hubSpot, SalesforceRecords salesforce, OwnerDirectory owners,
            InclusionList inclusionList, HubSpotAssociations associations, LinkStore links, AuditLog audit,
            SyncErrorLog errors, AssociationWaits waits) {
    }

    /** The audit rows' field for a whole record's deletion. */
    static final String DELETED_FIELD = DeleteSync.DELETED_FIELD;

    private final PairBehaviours pairs;
    private final Function<String, TenantSettings> settings;
    private final HubSpotChanges hubSpotChanges;
    private final SalesforceChanges salesforceChanges;
    private final ConflictsByHistory conflicts;
    private final AccountPlanner accounts;
    private final RecordWriter writer;
    private final SyncRecorder recorder;
    private final ContactRoleSync contactRoles;
    private final WaitingRelease waiting;
    private final DeleteSync deletes;
    private final FreshLinks freshLinks;
    private final Clock clock;

    /**
     * How many times one call syncs a record whose link another worker saved meanwhile ({@link FreshLinks}) before
     * handing it back to the queue: each round re-reads both sides, and a record raced that often is busy enough
     * that a later receive will find it calmer.
     */
    static final int STALE_ROUNDS = 3;

    public SyncEngine(Ports ports, BiFunction<String, ObjectPair, ObjectMapping> mappings,
            Function<String, TenantSettings> settings, Clock clock) {
        this.pairs = new PairBehaviours(mappings);
        this.settings = settings;
        this.hubSpotChanges = new HubSpotChanges(ports.hubSpot(), ports.salesforce(), ports.links(),
                ports.inclusionList(), ports.owners(), ports.errors(), clock);
        this.salesforceChanges = new SalesforceChanges(ports.hubSpot(), ports.salesforce(), ports.links(),
                ports.owners());
        this.conflicts = new ConflictsByHistory(ports.hubSpot(), ports.owners());
        this.accounts = new AccountPlanner(ports.associations(), ports.links(), ports.salesforce(), mappings);
        this.writer = new RecordWriter(ports.hubSpot(), ports.salesforce(), ports.associations(), clock);
        this.recorder = new SyncRecorder(ports.links(), ports.audit(), ports.errors(), ports.waits(), clock);
        this.contactRoles = new ContactRoleSync(ports.salesforce(), ports.associations(), ports.links(),
                ports.audit(), ports.errors(), ports.waits(), clock, mappings);
        this.waiting = new WaitingRelease(ports.waits(), this::fromHubSpot);
        this.deletes = new DeleteSync(ports.hubSpot(), ports.salesforce(), ports.links(), ports.audit(),
                ports.errors(), settings, clock);
        this.freshLinks = new FreshLinks(ports.links());
        this.clock = clock;
    }

    /** Syncs HubSpot records that changed; every id gets an outcome. */
    public Map<String, RecordOutcome> fromHubSpot(String tenantId, String objectType, Collection<String> ids) {
        return inRounds(ids, work -> fromHubSpotOnce(tenantId, objectType, work));
    }

    /** Syncs Salesforce records that changed; every id gets an outcome. */
    public Map<String, RecordOutcome> fromSalesforce(String tenantId, String sObject, Collection<String> ids) {
        return inRounds(ids, work -> fromSalesforceOnce(tenantId, sObject, work));
    }

    private Collection<RecordWork> fromHubSpotOnce(String tenantId, String objectType, Map<String, RecordWork> work) {
        Collection<String> ids = work.keySet();
        TenantSettings tenant = settings.apply(tenantId);
        Optional<PairBehaviour> pair = pairs.ofHubSpot(objectType);
        List<ObjectMapping> candidates;
        try {
            candidates = pair.map(p -> p.candidates(tenantId, tenant)).orElse(List.of());
        } catch (SyncPausedException e) {
            // The mappings pause the tenant (its id field holds another tenant's ids): nothing is read.
            settleUnfinished(work.values(), e);
            return work.values();
        }
        if (candidates.isEmpty()) {
            return doesNotSync(objectType, work);
        }
        Instant readAt = clock.instant();
        try {
            hubSpotChanges.plan(tenantId, pair.get(), tenant, candidates, ids, work);
            finish(tenantId, pair.get(), tenant, readAt, work.values());
        } catch (CrmUnavailableException e) {
            LOG.warnf("tenant %s: HubSpot %s batch of %d will be retried: %s", tenantId, objectType, ids.size(),
                    e.getMessage());
            settleUnfinished(work.values(), e);
        }
        return work.values();
    }

    private Collection<RecordWork> fromSalesforceOnce(String tenantId, String sObject, Map<String, RecordWork> work) {
        Collection<String> ids = work.keySet();
        TenantSettings tenant = settings.apply(tenantId);
        Optional<PairBehaviour> pair = pairs.ofSalesforce(sObject);
        Optional<ObjectMapping> mapping;
        try {
            mapping = pair.flatMap(p -> p.mappingFor(tenantId, sObject, tenant));
        } catch (SyncPausedException e) {
            settleUnfinished(work.values(), e);
            return work.values();
        }
        if (mapping.isEmpty()) {
            return doesNotSync(sObject, work);
        }
        Instant readAt = clock.instant();
        try {
            salesforceChanges.plan(tenantId, sObject, pair.get(), mapping.get(), tenant, ids, work);
            finish(tenantId, pair.get(), tenant, readAt, work.values());
        } catch (CrmUnavailableException e) {
            LOG.warnf("tenant %s: Salesforce %s batch of %d will be retried: %s", tenantId, sObject, ids.size(),
                    e.getMessage());
            settleUnfinished(work.values(), e);
        }
        return work.values();
    }

    /**
     * Syncs the records, then again those another worker recorded meanwhile (read afresh each round), up to
     * {@link #STALE_ROUNDS}; what is still stale then is retried from the queue.
     */
    private static Map<String, RecordOutcome> inRounds(Collection<String> ids,
            Function<Map<String, RecordWork>, Collection<RecordWork>> once) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        Map<String, RecordWork> work = RecordWork.of(ids);
        for (int round = 1; !work.isEmpty(); round++) {
            Collection<RecordWork> done = once.apply(work);
            done.forEach(w -> outcomes.put(w.key, w.open() ? RecordOutcome.of(Status.UNCHANGED) : w.outcome));
            List<RecordWork> stale = round == STALE_ROUNDS ? List.of() : done.stream().filter(w -> w.stale).toList();
            Map<String, RecordWork> again = RecordWork.of(stale.stream().map(w -> w.key).toList());
            stale.forEach(w -> again.get(w.key).ownWrites = w.ownWrites);
            work = again;
            if (!stale.isEmpty()) {
                LOG.infof("%d records were synced by another worker meanwhile; reading them again", stale.size());
            }
        }
        return outcomes;
    }

    /** See {@link DeleteSync#deletedInSalesforce}. */
    public Map<String, RecordOutcome> deletedInSalesforce(String tenantId, String sObject, Collection<String> ids) {
        return deletes.deletedInSalesforce(tenantId, sObject, ids);
    }

    /** See {@link DeleteSync#deletedInHubSpot}. */
    public Map<String, RecordOutcome> deletedInHubSpot(String tenantId, String objectType, Collection<String> ids) {
        return deletes.deletedInHubSpot(tenantId, objectType, ids);
    }

    /**
     * What both directions do once each record's plan is made: settle conflicts by property history, decide
     * accounts, write and record, then the pair's follow-ups (a deal's contact roles; records that waited for
     * these companies or contacts).
     */
    private void finish(String tenantId, PairBehaviour pair, TenantSettings tenant, Instant readAt,
            Collection<RecordWork> work) {
        String objectType = pair.hubSpotObject();
        conflicts.settle(tenantId, objectType, tenant, work);
        accounts.decide(tenantId, pair, tenant, work);
        freshLinks.check(tenantId, objectType, readAt, work);
        recorder.record(tenantId, objectType, writer.write(tenantId, pair, work));
        if (pair.syncsContactRoles()) {
            contactRoles.sync(tenantId, work);
        }
        if (pair.awaitedByAssociations()) {
            waiting.release(tenantId, objectType, work);
        }
    }

    private static Collection<RecordWork> doesNotSync(String object, Map<String, RecordWork> work) {
        work.values().forEach(w -> w.outcome = new RecordOutcome(Status.SKIPPED, object + " does not sync"));
        return work.values();
    }

    /** A CRM that cannot answer now: records not settled otherwise are retried, or deferred when sync is paused. */
    private static void settleUnfinished(Collection<RecordWork> work, CrmUnavailableException e) {
        RecordOutcome again = RecordOutcome.unfinished(e);
        work.stream().filter(w -> w.open() || w.outcome.status() == Status.SYNCED).forEach(w -> w.outcome = again);
    }

}
