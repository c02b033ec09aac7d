package io.crmsync.admin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.Usage;
import io.crmsync.budget.UsageHistory;
import io.crmsync.tenant.TenantDirectory;

/**
 * A tenant's API-call allocation per CRM — calls per day, or (Salesforce) a share of the org's daily limit, which
 * is then read from the org's limits resource at once — and what it has used of it in the current window.
 * Every value is checked before anything is saved, and a Salesforce allocation against the other tenants on the
 * same org ({@link OrgAllocations}): together they may not allocate more than the org's daily limit.
 */
public final class AllocationAdmin {

    /**
     * @param allocation per CRM ("salesforce", "hubspot"): what is set and what the window holds now
     * @param conflict   the errors are a conflict with the other tenants on the org (409), not a bad request
     * @param notes      what the caller should know of an applied allocation (e.g. a sum that could not be checked)
     */
    public record Result(List<String> errors, Map<String, Map<String, Object>> allocation, boolean applied,
            boolean conflict, List<String> notes) {
        public Result {
            errors = List.copyOf(errors);
            notes = List.copyOf(notes);
        }

        public Result(List<String> errors, Map<String, Map<String, Object>> allocation, boolean applied) {
            this(errors, allocation, applied, false, List.of());
        }
    }

    private final TenantDirectory tenants;
    private final Ledger ledger;
    /** Reads the Salesforce org's limit for the tenant and records it in the ledger. */
    private final BiConsumer<String, Ledger> observeOrgLimit;
    private final Clock clock;
    private final OrgAllocations orgAllocations;

    public AllocationAdmin(TenantDirectory tenants, Ledger ledger, UsageHistory history,
            BiConsumer<String, Ledger> observeOrgLimit, Clock clock) {
        this.tenants = tenants;
        this.ledger = ledger;
        this.observeOrgLimit = observeOrgLimit;
        this.clock = clock;
        this.orgAllocations = new OrgAllocations(tenants, ledger, history, observeOrgLimit);
    }

    public Result get(String tenantId) {
        if (tenantId == null || tenants.byId(tenantId).isEmpty()) {
            return unknown(tenantId);
        }
        return new Result(List.of(), view(tenantId), false);
    }

    /** {@code {"salesforce": {"shareOfOrgLimit": 0.2}, "hubspot": {"callsPerDay": 40000, "timeZone": "…"}}} */
    public Result put(String tenantId, JsonNode document) {
        if (tenantId == null || tenants.byId(tenantId).isEmpty()) {
            return unknown(tenantId);
        }
        if (document == null || !document.isObject()) {
            return new Result(List.of("allocation must be a JSON object, e.g. {\"salesforce\": {\"callsPerDay\": 10000}}"),
                    view(tenantId), false);
        }
        List<String> errors = new ArrayList<>();
        List<Allocation> allocations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            Crm crm = switch (entry.getKey()) {
                case "salesforce" -> Crm.SALESFORCE;
                case "hubspot" -> Crm.HUBSPOT;
                default -> null;
            };
            if (crm == null) {
                errors.add(entry.getKey() + ": unknown CRM; use salesforce or hubspot");
                continue;
            }
            parse(crm, entry.getValue(), errors).ifPresent(allocations::add);
        }
        if (!errors.isEmpty()) {
            return new Result(errors, view(tenantId), false);
        }
        if (allocations.stream().anyMatch(a -> a.shareOfOrgLimit().isPresent())) {
            try {
                observeOrgLimit.accept(tenantId, ledger);
            } catch (RuntimeException e) {
                return new Result(List.of("salesforce: cannot read the org's limit for a share (" + e.getMessage()
                        + "); nothing was saved"), view(tenantId), false);
            }
        }
        List<String> notes = new ArrayList<>();
        for (Allocation allocation : allocations) {
            if (allocation.crm() != Crm.SALESFORCE) {
                continue;
            }
            OrgAllocations.Check check = orgAllocations.check(tenantId, allocation);
            if (check.refusal().isPresent()) {
                return new Result(List.of(check.refusal().get() + "; nothing was saved"), view(tenantId), false, true,
                        List.of());
            }
            check.note().ifPresent(notes::add);
        }
        allocations.forEach(a -> ledger.setAllocation(tenantId, a));
        return new Result(List.of(), view(tenantId), true, false, notes);
    }

    private static java.util.Optional<Allocation> parse(Crm crm, JsonNode spec, List<String> errors) {
        String name = crm.name().toLowerCase(java.util.Locale.ROOT);
        if (!spec.isObject()) {
            errors.add(name + ": must be an object with callsPerDay or shareOfOrgLimit");
            return java.util.Optional.empty();
        }
        JsonNode calls = spec.get("callsPerDay");
        JsonNode share = spec.get("shareOfOrgLimit");
        if ((calls == null) == (share == null)) {
            errors.add(name + ": give exactly one of callsPerDay and shareOfOrgLimit");
            return java.util.Optional.empty();
        }
        if (share != null && crm == Crm.HUBSPOT) {
            errors.add("hubspot: shareOfOrgLimit applies to Salesforce's org limit only; give callsPerDay");
            return java.util.Optional.empty();
        }
        ZoneId zone = ZoneId.of("UTC");
        if (spec.has("timeZone")) {
            try {
                zone = ZoneId.of(spec.get("timeZone").asText());
            } catch (DateTimeException e) {
                errors.add(name + ": timeZone \"" + spec.get("timeZone").asText()
                        + "\" is not a time zone id such as America/New_York");
                return java.util.Optional.empty();
            }
        }
        try {
            Allocation allocation = calls != null
                    ? new Allocation(crm, OptionalLong.of(calls.canConvertToLong() && calls.isIntegralNumber()
                            ? calls.asLong() : -1), OptionalDouble.empty())
                    : new Allocation(crm, OptionalLong.empty(), OptionalDouble.of(share.isNumber() ? share.asDouble()
                            : -1));
            return java.util.Optional.of(allocation.inZone(zone));
        } catch (IllegalArgumentException e) {
            errors.add(name + ": " + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private Map<String, Map<String, Object>> view(String tenantId) {
        Map<String, Map<String, Object>> view = new LinkedHashMap<>();
        for (Crm crm : Crm.values()) {
            Usage usage = ledger.usage(tenantId, crm, clock.instant());
            Map<String, Object> line = new LinkedHashMap<>();
            usage.allocation().ifPresent(a -> {
                a.callsPerDay().ifPresent(c -> line.put("callsPerDay", c));
                a.shareOfOrgLimit().ifPresent(s -> line.put("shareOfOrgLimit", s));
                line.put("timeZone", a.windowZone().getId());
            });
            usage.allocatedCalls().ifPresent(c -> line.put("allocatedCalls", c));
            line.put("usedInWindow", usage.used());
            usage.remaining().ifPresent(r -> line.put("remaining", r));
            line.put("retriesAllowed", usage.retriesAllowed());
            view.put(crm.name().toLowerCase(java.util.Locale.ROOT), line);
        }
        return view;
    }

    private static Result unknown(String tenantId) {
        return new Result(List.of("unknown tenant \"" + tenantId + "\": register it in the tenants table first"),
                Map.of(), false);
    }
}
