package io.crmsync.hubspot;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.crmsync.hubspot.HubSpotSearchApi.Filter;
import io.crmsync.hubspot.HubSpotSearchApi.FilterGroup;
import io.crmsync.reconcile.ChangeReader;
import io.crmsync.reconcile.ChangedRecord;
import io.crmsync.reconcile.Cursor;
import io.crmsync.reconcile.Page;
import io.crmsync.crm.CrmUnavailableException;

/**
 * What changed in the portal, through CRM search on the last-modified date, keyset-paged on (modified, id).
 *
 * <p>Search refuses to page past 10,000 results of one query. Every read here is a fresh query that starts at the
 * cursor and never uses {@code after}, so no query is ever paged at all and any number of changes in a window is
 * read. Search sorts by one property only, so order within a millisecond is not guaranteed: a full page leaves out
 * its last millisecond (the next read starts there), and a page that is all one millisecond is re-read sorted by
 * {@code hs_object_id}, paging on the id.
 *
 * <p>Search has its own limit of five requests per second per account; this reader paces itself below it.
 */
@ApplicationScoped
public class HubSpotChangeReader implements ChangeReader {

    static final String OBJECT_ID = "hs_object_id";
    /**
     * Four searches a second of the account's five: room for a request delayed on its way (at 210 ms apart, two
     * such requests landed in one second under load), and a search left for the account's other integrations.
     */
    static final Duration SEARCH_INTERVAL = Duration.ofMillis(250);

    private final HubSpotSearchApi api;
    private final HubSpotTokens tokens;
    private long nextSearchAt;

    public HubSpotChangeReader(@RestClient HubSpotSearchApi api, HubSpotTokens tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    /** Contacts name it differently from every other object. */
    static String lastModifiedProperty(String objectType) {
        return "contact".equals(objectType) || "contacts".equals(objectType) ? "lastmodifieddate"
                : "hs_lastmodifieddate";
    }

    /** @throws CrmUnavailableException on 429, 423, 5xx or no connection (retry later) */
    @Override
    public Page read(String tenantId, String objectType, List<String> properties, Cursor after, int limit,
            Instant until) {
        int size = Math.max(1, Math.min(limit, HubSpotSearchApi.MAX_LIMIT));
        String modified = lastModifiedProperty(objectType);
        Set<String> wanted = new LinkedHashSet<>(properties);
        wanted.add(modified);
        wanted.add(OBJECT_ID);
        String t = millis(after.modifiedAt());
        Filter notAfterUntil = new Filter(modified, "LTE", millis(until));
        List<FilterGroup> groups = after.id().isEmpty()
                ? List.of(new FilterGroup(List.of(new Filter(modified, "GTE", t), notAfterUntil)))
                : List.of(new FilterGroup(List.of(new Filter(modified, "EQ", t), new Filter(OBJECT_ID, "GT", after.id()),
                        notAfterUntil)), new FilterGroup(List.of(new Filter(modified, "GT", t), notAfterUntil)));
        List<ChangedRecord> records = search(objectType, groups, modified, wanted, size, modified);
        if (records.size() < size) {
            return new Page(records, Optional.empty());
        }
        Instant last = records.get(records.size() - 1).modifiedAt();
        List<ChangedRecord> complete = records.stream().filter(r -> r.modifiedAt().isBefore(last)).toList();
        if (!complete.isEmpty()) {
            return new Page(complete, Optional.of(complete.get(complete.size() - 1).cursor()));
        }
        // The whole page is one millisecond: read it in id order, after the cursor's id when it is that millisecond.
        List<Filter> tie = new ArrayList<>(List.of(new Filter(modified, "EQ", millis(last))));
        if (last.equals(after.modifiedAt()) && !after.id().isEmpty()) {
            tie.add(new Filter(OBJECT_ID, "GT", after.id()));
        }
        List<ChangedRecord> sameMillisecond = search(objectType, List.of(new FilterGroup(tie)), OBJECT_ID, wanted, size,
                modified);
        List<ChangedRecord> page = sameMillisecond.isEmpty() ? records : sameMillisecond;
        return new Page(page, Optional.of(page.get(page.size() - 1).cursor()), 2);
    }

    /** One search for a single record: its {@code total} counts every match, past the 10,000 results it pages. */
    @Override
    public long count(String tenantId, String objectType, Instant until) {
        String modified = lastModifiedProperty(objectType);
        HubSpotSearchApi.SearchRequest request = new HubSpotSearchApi.SearchRequest(
                List.of(new FilterGroup(List.of(new Filter(modified, "LTE", millis(until))))), List.of(modified),
                List.of(OBJECT_ID), 1, null);
        return call(objectType, request).total();
    }

    private List<ChangedRecord> search(String objectType, List<FilterGroup> groups, String sortBy, Set<String> wanted,
            int size, String modified) {
        HubSpotSearchApi.SearchRequest request = new HubSpotSearchApi.SearchRequest(groups, List.of(sortBy),
                List.copyOf(wanted), size, null);
        HubSpotSearchApi.SearchPage page = call(objectType, request);
        List<ChangedRecord> records = new ArrayList<>();
        for (HubSpotSearchApi.Result result : page.results() == null ? List.<HubSpotSearchApi.Result>of()
                : page.results()) {
            Map<String, String> values = new LinkedHashMap<>();
            if (result.properties() != null) {
                result.properties().forEach((k, v) -> {
                    if (v != null) {
                        values.put(k, v);
                    }
                });
            }
            Instant at = instant(values.get(modified)).or(() -> instant(result.updatedAt())).orElseThrow(
                    () -> new IllegalStateException("HubSpot search returned " + objectType + " " + result.id()
                            + " without " + modified));
            records.add(new ChangedRecord(result.id(), at, values));
        }
        records.sort(Comparator.comparing(ChangedRecord::cursor));
        return records;
    }

    /** HubSpot's per-second limits reset within a second: worth waiting out twice before giving the pass up. */
    static final int SECONDLY_RETRIES = 2;
    static final Duration SECONDLY_WAIT = Duration.ofSeconds(1);

    private HubSpotSearchApi.SearchPage call(String objectType, HubSpotSearchApi.SearchRequest request) {
        for (int attempt = 0;; attempt++) {
            try {
                return callOnce(objectType, request);
            } catch (SecondlyLimit e) {
                // Pacing keeps under five a second, but a request delayed on its way can land next to the one after.
                if (attempt >= SECONDLY_RETRIES) {
                    throw new CrmUnavailableException(e.getMessage(), null);
                }
                try {
                    Thread.sleep(SECONDLY_WAIT.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CrmUnavailableException("interrupted while waiting out HubSpot's secondly limit",
                            interrupted);
                }
            }
        }
    }

    /** A 429 of a per-second policy. */
    private static final class SecondlyLimit extends RuntimeException {
        SecondlyLimit(String message) {
            super(message, null, false, false);
        }
    }

    private HubSpotSearchApi.SearchPage callOnce(String objectType, HubSpotSearchApi.SearchRequest request) {
        pace();
        Response response;
        try {
            response = api.search(HubSpotRestRecords.pluralOf(objectType), request, tokens.bearer());
        } catch (ProcessingException e) {
            throw new CrmUnavailableException("HubSpot unreachable: " + e.getClass().getSimpleName(), e);
        }
        try (response) {
            int status = response.getStatus();
            if (status == 200) {
                return response.readEntity(HubSpotSearchApi.SearchPage.class);
            }
            String reason = HubSpotErrorBodies.describe(response);
            if (status == 429 && reason.contains("SECONDLY")) {
                throw new SecondlyLimit("HubSpot search answered " + status + " " + reason);
            }
            if (status == 429 || status == 423 || status >= 500) {
                throw new CrmUnavailableException("HubSpot search answered " + status + " " + reason, null);
            }
            // 400 (a query HubSpot refuses) and 401/403 are faults of code or setup: fail loudly.
            throw new IllegalStateException("HubSpot search answered " + status + " " + reason);
        }
    }

    /** Waits until this reader's next search is due: one every {@link #SEARCH_INTERVAL}. */
    private synchronized void pace() {
        long now = System.nanoTime();
        long wait = nextSearchAt - now;
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CrmUnavailableException("interrupted while pacing HubSpot search", e);
            }
        }
        nextSearchAt = Math.max(now, nextSearchAt) + SEARCH_INTERVAL.toNanos();
    }

    private static String millis(Instant at) {
        return Long.toString(at.toEpochMilli());
    }

    private static Optional<Instant> instant(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(value.matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(value)) : Instant.parse(value));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
