package io.crmsync.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.crm.OwnWriteMark;
import io.crmsync.notice.ChangeNotice.ChangeKind;
import io.crmsync.notice.ChangeNotice.SourceSystem;
import io.crmsync.lambda.EventBridgeEvent;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;

/**
 * Turns a Salesforce Change Data Capture event, relayed to EventBridge by Salesforce Event Relay, into change
 * notices: one for each tenant on the org, since several HubSpot portals (each a tenant) may share one org, and a
 * change concerns every one of them, each by its own settings. A change crmsync made for a tenant is that tenant's
 * echo and dropped for it alone ({@link OwnWriteMark}): the other tenants on the org may need it.
 */
public final class ChangeDataCaptureIntake {

    private static final Logger LOG = Logger.getLogger(ChangeDataCaptureIntake.class);
    private static final String PARTNER_SOURCE = "aws.partner/salesforce.com/";

    /** What became of one event: a notice for each tenant it concerns (none when nothing is to be enqueued). */
    public record Outcome(String result, List<ChangeNotice> notices) {
        public Outcome {
            notices = List.copyOf(notices);
        }
    }

    /** The event is not a Change Data Capture event from a known org; retrying cannot help. */
    public static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private final TenantDirectory tenants;
    private final NoticeQueue queue;
    private final OwnWriteMark ownWrites;

    public ChangeDataCaptureIntake(TenantDirectory tenants, NoticeQueue queue, String ownClientId) {
        this.tenants = tenants;
        this.queue = queue;
        this.ownWrites = new OwnWriteMark(ownClientId);
    }

    /**
     * @throws Rejected for events that are not CDC events of a known tenant (logged, not retried)
     * @throws NoticeQueue.EnqueueFailedException when SQS is down: the invocation fails and Lambda retries it
     * @throws io.crmsync.tenant.TenantDirectoryUnavailableException when the tenants cannot be looked up now:
     *         likewise retried, never taken for an unknown org (which would be rejected and lost)
     */
    public Outcome handle(EventBridgeEvent event) {
        Outcome outcome = toNotices(event);
        if (!outcome.notices().isEmpty()) {
            queue.enqueue(outcome.notices());
            ChangeNotice first = outcome.notices().get(0);
            LOG.infof("salesforce-cdc: tenants %s, %s %s of %d records enqueued",
                    outcome.notices().stream().map(ChangeNotice::tenantId).toList(), first.objectType(), first.kind(),
                    first.recordIds().size());
        }
        return outcome;
    }

    /**
     * What the intake makes of one event, without enqueuing it: the notices to enqueue ("enqueued"), one per tenant
     * on the org that did not write the change itself, or none for an object that does not sync or crmsync's own
     * write for every tenant. The replay of parked events uses it to queue many at once.
     *
     * @throws Rejected for events that are not CDC events of a known tenant
     */
    public Outcome toNotices(EventBridgeEvent event) {
        List<Tenant> onOrg = tenantsOf(event);
        JsonNode payload = event.detail() == null ? null
                : event.detail().has("payload") ? event.detail().get("payload") : event.detail();
        JsonNode header = payload == null ? null : payload.get("ChangeEventHeader");
        if (header == null || !header.isObject()) {
            throw new Rejected("the event has no ChangeEventHeader");
        }
        String entity = header.path("entityName").asText("");
        String changeType = header.path("changeType").asText("");
        if (!SalesforceOutboundIntake.SYNCED_OBJECTS.contains(entity)) {
            return new Outcome("ignored: " + entity + " does not sync", List.of());
        }
        OwnWriteMark.Writer writer = ownWrites.writerOf(header.path("changeOrigin").asText(""));
        List<Tenant> concerned = onOrg.stream().filter(t -> !ownWrites.isEchoFor(t.id(), writer)).toList();
        if (concerned.isEmpty()) {
            return new Outcome("dropped: crmsync's own write", List.of());
        }
        List<String> recordIds = new ArrayList<>();
        header.path("recordIds").forEach(id -> recordIds.add(id.asText()));
        boolean wildcard = recordIds.stream().anyMatch(id -> id.endsWith("*"));
        Optional<ChangeKind> kind = kindOf(changeType);
        if (kind.isEmpty()) {
            throw new Rejected("unknown changeType " + changeType);
        }
        Map<String, String> hints = new java.util.LinkedHashMap<>();
        hints.put("via", "change-data-capture");
        if (changeType.startsWith("GAP_") || wildcard) {
            // Header-only events (or "001*" wildcards): the records must be re-read, or, without ids, reconciled.
            hints.put("gap", changeType);
        }
        List<String> changed = new ArrayList<>();
        header.path("changedFields").forEach(f -> changed.add(f.asText()));
        header.path("nulledFields").forEach(f -> changed.add(f.asText()));
        if (!changed.isEmpty()) {
            hints.put("changedFields", String.join(",", changed));
        }
        long commit = header.path("commitTimestamp").asLong(0);
        Instant changedAt = commit > 0 ? Instant.ofEpochMilli(commit) : Instant.parse(event.time());
        List<ChangeNotice> notices = concerned.stream().map(tenant -> new ChangeNotice(ChangeNotice.CURRENT_VERSION,
                tenant.id(), SourceSystem.SALESFORCE, entity, wildcard ? List.of() : recordIds, kind.get(), changedAt,
                event.id() == null ? List.of() : List.of(event.id()), null, hints)).toList();
        return new Outcome("enqueued", notices);
    }

    private List<Tenant> tenantsOf(EventBridgeEvent event) {
        String source = event.source() == null ? "" : event.source();
        if (!source.startsWith(PARTNER_SOURCE)) {
            throw new Rejected("the event does not come from Salesforce Event Relay");
        }
        String[] parts = source.substring(PARTNER_SOURCE.length()).split("/");
        String orgId = parts.length > 0 ? parts[0] : "";
        if (!orgId.matches("00D[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?")) {
            throw new Rejected("the event source names no Salesforce org");
        }
        // A tenant not connected to both CRMs is answered as no tenant: nothing is enqueued for it.
        List<Tenant> served = tenants.tenantsOnOrg(orgId).stream().filter(ServedTenants::served).toList();
        if (served.isEmpty()) {
            throw new Rejected("the org belongs to no tenant");
        }
        return served;
    }

    private static Optional<ChangeKind> kindOf(String changeType) {
        String base = changeType.startsWith("GAP_") ? changeType.substring(4) : changeType;
        return Optional.ofNullable(switch (base) {
            case "CREATE" -> ChangeKind.CREATED;
            case "UPDATE", "OVERFLOW" -> ChangeKind.UPDATED;
            case "DELETE" -> ChangeKind.DELETED;
            case "UNDELETE" -> ChangeKind.RESTORED;
            default -> null;
        });
    }
}
