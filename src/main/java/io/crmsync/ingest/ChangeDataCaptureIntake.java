package io.crmsync.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.notice.ChangeNotice.ChangeKind;
import io.crmsync.notice.ChangeNotice.SourceSystem;
import io.crmsync.lambda.EventBridgeEvent;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;

/**
 * Turns a Salesforce Change Data Capture event, relayed to EventBridge by Salesforce Event Relay, into a change
 * notice. Changes crmsync made itself are dropped: every crmsync call sends {@code Sforce-Call-Options:
 * client=<id>} and Salesforce echoes it in the header's {@code changeOrigin}.
 */
public final class ChangeDataCaptureIntake {

    private static final Logger LOG = Logger.getLogger(ChangeDataCaptureIntake.class);
    private static final String PARTNER_SOURCE = "aws.partner/salesforce.com/";

    /** What became of one event; {@code notice} is present when something was enqueued. */
    public record Outcome(String result, Optional<ChangeNotice> notice) {
    }

    /** The event is not a Change Data Capture event from a known org; retrying cannot help. */
    public static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private final TenantDirectory tenants;
    private final NoticeQueue queue;
    private final String ownClientId;

    public ChangeDataCaptureIntake(TenantDirectory tenants, NoticeQueue queue, String ownClientId) {
        this.tenants = tenants;
        this.queue = queue;
        this.ownClientId = ownClientId;
    }

    /**
     * @throws Rejected for events that are not CDC events of a known tenant (logged, not retried)
     * @throws NoticeQueue.EnqueueFailedException when SQS is down: the invocation fails and Lambda retries it
     * @throws io.crmsync.tenant.TenantDirectoryUnavailableException when the tenants cannot be looked up now:
     *         likewise retried, never taken for an unknown org (which would be rejected and lost)
     */
    public Outcome handle(EventBridgeEvent event) {
        Outcome outcome = toNotice(event);
        outcome.notice().ifPresent(notice -> {
            queue.enqueue(List.of(notice));
            LOG.infof("salesforce-cdc: tenant %s, %s %s of %d records enqueued", notice.tenantId(),
                    notice.objectType(), notice.kind(), notice.recordIds().size());
        });
        return outcome;
    }

    /**
     * What the intake makes of one event, without enqueuing it: the notice to enqueue ("enqueued"), or nothing for
     * an object that does not sync or crmsync's own write. The replay of parked events uses it to queue many at once.
     *
     * @throws Rejected for events that are not CDC events of a known tenant
     */
    public Outcome toNotice(EventBridgeEvent event) {
        Tenant tenant = tenantOf(event);
        JsonNode payload = event.detail() == null ? null
                : event.detail().has("payload") ? event.detail().get("payload") : event.detail();
        JsonNode header = payload == null ? null : payload.get("ChangeEventHeader");
        if (header == null || !header.isObject()) {
            throw new Rejected("the event has no ChangeEventHeader");
        }
        String entity = header.path("entityName").asText("");
        String changeType = header.path("changeType").asText("");
        if (!SalesforceOutboundIntake.SYNCED_OBJECTS.contains(entity)) {
            return new Outcome("ignored: " + entity + " does not sync", Optional.empty());
        }
        if (isOwnWrite(header.path("changeOrigin").asText(""))) {
            return new Outcome("dropped: crmsync's own write", Optional.empty());
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
        ChangeNotice notice = new ChangeNotice(ChangeNotice.CURRENT_VERSION, tenant.id(), SourceSystem.SALESFORCE,
                entity, wildcard ? List.of() : recordIds, kind.get(),
                commit > 0 ? Instant.ofEpochMilli(commit) : Instant.parse(event.time()),
                event.id() == null ? List.of() : List.of(event.id()), null, hints);
        return new Outcome("enqueued", Optional.of(notice));
    }

    private Tenant tenantOf(EventBridgeEvent event) {
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
        return tenants.bySalesforceOrg(orgId).filter(ServedTenants::served)
                .orElseThrow(() -> new Rejected("the org belongs to no tenant"));
    }

    /** changeOrigin looks like {@code com/salesforce/api/rest/62.0;client=crmsync}. */
    private boolean isOwnWrite(String changeOrigin) {
        for (String part : changeOrigin.split(";")) {
            if (part.trim().equals("client=" + ownClientId)) {
                return true;
            }
        }
        return false;
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
