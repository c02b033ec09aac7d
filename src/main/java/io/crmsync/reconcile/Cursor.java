package io.crmsync.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where a reconcile pass stands in one side's change stream: the last record it processed, as (modification
 * time, id). A time alone is not enough: many records share a modstamp (Salesforce keeps seconds, batch writes
 * share a millisecond), and a page can end in the middle of them; the id says which of them are done.
 *
 * <p>Ordered by time, then by id — shorter ids first, then by text, which is numeric order for HubSpot's
 * decimal ids and plain text order for Salesforce's fixed-length ids. Times are kept to the millisecond, the
 * finest either CRM reports.
 *
 * @param id "" for "before every record of that millisecond"
 */
public record Cursor(Instant modifiedAt, String id) implements Comparable<Cursor> {

    /** Before every change either CRM can report. */
    public static final Cursor START = new Cursor(Instant.EPOCH, "");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Comparator<Cursor> ORDER = Comparator.comparing(Cursor::modifiedAt)
            .thenComparingInt((Cursor c) -> c.id().length()).thenComparing(Cursor::id);

    public Cursor {
        Objects.requireNonNull(modifiedAt, "modifiedAt");
        modifiedAt = modifiedAt.isBefore(Instant.EPOCH) ? Instant.EPOCH : modifiedAt.truncatedTo(ChronoUnit.MILLIS);
        id = id == null ? "" : id;
        if (id.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a record id cannot contain '#': " + id);
        }
    }

    @Override
    public int compareTo(Cursor other) {
        return ORDER.compare(this, other);
    }

    public boolean isAfter(Cursor other) {
        return compareTo(other) > 0;
    }

    public static Cursor max(Cursor a, Cursor b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * A stored form whose text order is the cursor order (fixed-width UTC time, then the id's length), so the
     * cursor store can refuse a backward move with a plain string comparison.
     */
    public String encode() {
        return TIME.format(modifiedAt) + "#" + String.format("%03d", id.length()) + "#" + id;
    }

    public static Cursor decode(String encoded) {
        String[] parts = encoded.split("#", 3);
        if (parts.length != 3 || Integer.parseInt(parts[1]) != parts[2].length()) {
            throw new IllegalArgumentException("not an encoded cursor: " + encoded);
        }
        return new Cursor(Instant.parse(parts[0]), parts[2]);
    }

    /**
     * The cursor {@code window} earlier, before every record of that millisecond: both CRMs can make a change
     * visible after later ones (a long transaction keeps its earlier modstamp; HubSpot's search index lags by
     * "a few moments"), so each pass re-reads a window it has already seen. No window: the cursor itself.
     */
    public Cursor lookback(Duration window) {
        if (window.isZero()) {
            return this;
        }
        return new Cursor(modifiedAt.minus(window), "");
    }
}
