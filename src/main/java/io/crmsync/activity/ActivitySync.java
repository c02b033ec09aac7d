package io.crmsync.activity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.HubSpotActivity;
import io.crmsync.sync.ActivityNotices;
import io.crmsync.sync.HubSpotAssociations;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.OwnerDirectory;
import io.crmsync.sync.RecordOutcome;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.SalesforceRecords;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.tenant.ActivitySettings;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.sync.WriteResult;

/**
 * The activity use case the worker runs for Task notices from Salesforce and activity notices from HubSpot:
 * Salesforce Tasks become HubSpot tasks, calls or emails ({@link TasksToHubSpot}); HubSpot activities become Tasks
 * on the synced Lead or Contact, and a HubSpot task made from a Task sends its changes back when the tenant chose so
 * ({@link ActivitiesToSalesforce}).
 *
 * <p>What both directions share is here: the tenant's settings, the budget, and what a pause or an outage does.
 * Every write goes through the same CRM adapters (and so the same budget) as records. Activity sync is the first
 * thing paused as the window fills ({@link io.crmsync.budget.Usage#activitiesAllowed()}): its notices are deferred,
 * not dropped.
 */
public final class ActivitySync implements ActivityNotices {

    /** How long a paused tenant's activity notices wait before they are looked at again (SQS's longest delay). */
    static final Duration PAUSE_RECHECK = Duration.ofMinutes(15);
    static final String TASK = "Task";

    public record Ports(SalesforceRecords salesforce, HubSpotRecords hubSpot, HubSpotAssociations associations,
            LinkStore links, Ledger ledger, OwnerDirectory owners) {
    }

    private final Ports ports;
    private final Function<String, TenantSettings> settings;
    private final Clock clock;
    private final TasksToHubSpot toHubSpot;
    private final ActivitiesToSalesforce toSalesforce;
    /** Throws a {@link SyncPausedException} when the tenant's Task id field holds another tenant's ids. */
    private final BiConsumer<String, ActivitySettings> requireOwnIdField;

    /** Without the id-field check: for a deployment where no org is shared (and tests of one tenant). */
    public ActivitySync(Ports ports, Function<String, TenantSettings> settings, Clock clock) {
        this(ports, settings, clock, (tenantId, activities) -> { });
    }

    public ActivitySync(Ports ports, Function<String, TenantSettings> settings, Clock clock,
            BiConsumer<String, ActivitySettings> requireOwnIdField) {
        this.requireOwnIdField = requireOwnIdField;
        this.ports = ports;
        this.settings = settings;
        this.clock = clock;
        this.toHubSpot = new TasksToHubSpot(ports, clock);
        this.toSalesforce = new ActivitiesToSalesforce(ports, clock);
    }

    /** Whether a notice is about an activity rather than a record. */
    @Override
    public boolean handles(boolean fromHubSpot, String objectType) {
        return fromHubSpot ? HubSpotActivity.ofObjectType(objectType).isPresent() : TASK.equals(objectType);
    }

    @Override
    public Map<String, RecordOutcome> sync(String tenantId, boolean fromHubSpot, String objectType,
            Collection<String> ids) {
        return fromHubSpot ? fromHubSpot(tenantId, objectType, ids) : fromSalesforce(tenantId, ids);
    }

    /** Salesforce Tasks to HubSpot. */
    public Map<String, RecordOutcome> fromSalesforce(String tenantId, Collection<String> ids) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        ActivitySettings chosen = settings.apply(tenantId).activities();
        if (chosen.salesforceToHubSpot().isEmpty()) {
            ids.forEach(id -> outcomes.put(id, new RecordOutcome(Status.SKIPPED, "Salesforce task sync is off")));
            return outcomes;
        }
        try {
            requireRoom(tenantId);
            requireOwnIdField.accept(tenantId, chosen);
            toHubSpot.sync(tenantId, chosen, ids, outcomes);
        } catch (SyncPausedException e) {
            ids.forEach(id -> outcomes.putIfAbsent(id, RecordOutcome.deferred(e)));
        } catch (CrmUnavailableException e) {
            ids.forEach(id -> outcomes.putIfAbsent(id, RecordOutcome.unfinished(e)));
        }
        return outcomes;
    }

    /** HubSpot activities to Salesforce: timeline Tasks, and changes of tasks made from Salesforce Tasks. */
    public Map<String, RecordOutcome> fromHubSpot(String tenantId, String objectType, Collection<String> ids) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        HubSpotActivity type = HubSpotActivity.ofObjectType(objectType)
                .orElseThrow(() -> new IllegalArgumentException("not a HubSpot activity type: " + objectType));
        ActivitySettings chosen = settings.apply(tenantId).activities();
        if (!chosen.hubSpotTypesToRead().contains(type)) {
            ids.forEach(id -> outcomes.put(id, new RecordOutcome(Status.SKIPPED, "HubSpot " + type.settingKey()
                    + " do not sync (activities.timeline)")));
            return outcomes;
        }
        try {
            requireRoom(tenantId);
            requireOwnIdField.accept(tenantId, chosen);
            toSalesforce.sync(tenantId, type, chosen, ids, outcomes);
        } catch (SyncPausedException e) {
            ids.forEach(id -> outcomes.putIfAbsent(id, RecordOutcome.deferred(e)));
        } catch (CrmUnavailableException e) {
            ids.forEach(id -> outcomes.putIfAbsent(id, RecordOutcome.unfinished(e)));
        }
        return outcomes;
    }

    /** Activity sync stops first as the window fills: its notices wait instead of taking the last calls. */
    private void requireRoom(String tenantId) {
        Instant now = clock.instant();
        for (Crm crm : Crm.values()) {
            if (!ports.ledger().usage(tenantId, crm, now).activitiesAllowed()) {
                throw new SyncPausedException("activity sync paused: the " + crm + " window is at 60% of its "
                        + "allocation", now.plus(PAUSE_RECHECK), Optional.empty());
            }
        }
    }

    /** The outcome of a write a CRM did not take: refused for good, or to be tried again. */
    static RecordOutcome failed(WriteResult result) {
        if (result instanceof WriteResult.Refused refused) {
            return new RecordOutcome(Status.REFUSED, refused.code() + ": " + refused.message());
        }
        return new RecordOutcome(Status.RETRY, ((WriteResult.Retry) result).reason());
    }

    static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
