package io.crmsync.health;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.crmsync.sync.SyncErrorLog;

/**
 * Open sync errors as RFC 4180 CSV ("Export errors" on HubSpot's Sync Health tab): a header row, then one row per
 * record — category, code, record, message, at (ISO-8601) — CRLF line ends, fields quoted when they hold a comma,
 * a quote or a line break. Jackson's CSV module writes it (already a dependency for Bulk API results).
 *
 * <p>Messages come from the CRMs and may quote values users typed; a cell that starts like a spreadsheet formula
 * ({@code = + - @}) gets a leading apostrophe, so opening the export in a spreadsheet cannot run it.
 */
final class ErrorsCsv {

    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema SCHEMA = CSV.schemaFor(Row.class).withHeader().withLineSeparator("\r\n");

    @JsonPropertyOrder({"category", "code", "record", "message", "at"})
    record Row(String category, String code, String record, String message, String at) {
    }

    private ErrorsCsv() {
    }

    static String write(List<SyncErrorLog.SyncError> errors) {
        List<Row> rows = errors.stream().map(e -> new Row(cell(e.category()), cell(e.code()), cell(e.recordKey()),
                cell(e.message()), e.at().toString())).toList();
        StringWriter out = new StringWriter();
        try (SequenceWriter writer = CSV.writerFor(Row.class).with(SCHEMA).writeValues(out)) {
            writer.writeAll(rows);
        } catch (IOException e) {
            throw new IllegalStateException("sync errors could not be written as CSV", e);
        }
        return out.toString();
    }

    /** Neutralises formula-like cells; a lone "-" (no message) is left alone. */
    static String cell(String value) {
        if (value == null || value.length() < 2) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
