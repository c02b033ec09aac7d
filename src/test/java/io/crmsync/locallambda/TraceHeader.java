package io.crmsync.locallambda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * An X-Ray trace header ({@code X-Amzn-Trace-Id}, SQS's {@code AWSTraceHeader} message system attribute) with the
 * {@code Lineage} field Lambda uses for recursive loop detection.
 *
 * <p>Format: {@code Root=1-<8 hex time>-<24 hex>;Parent=<16 hex>;Sampled=0;Lineage=1:<8 hex>:<count>|...}. Lineage
 * entries are separated by {@code |}; each names one function by a hash and counts the invocations of that function
 * the event has caused. Headers seen from AWS carry {@code Lineage=1:fe460cdd:0} (a version, a hash, a counter) and
 * older ones {@code Lineage=a87bd80c:1|68fd508a:5}; AWS does not document the field, so the hash here is ours (the
 * CRC-32 of the function's ARN) and both shapes are read. Fields other than Root and Lineage are kept as they are.
 */
public final class TraceHeader {

    private static final String VERSION = "1";

    private final Map<String, String> fields;
    private final Map<String, Integer> lineage;

    private TraceHeader(Map<String, String> fields, Map<String, Integer> lineage) {
        this.fields = fields;
        this.lineage = lineage;
    }

    /** A new trace: what Lambda hands an invocation whose event carries none. */
    public static TraceHeader fresh() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Root", "1-" + String.format(Locale.ROOT, "%08x", System.currentTimeMillis() / 1000) + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        fields.put("Parent", UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        fields.put("Sampled", "0");
        return new TraceHeader(fields, new LinkedHashMap<>());
    }

    /** Reads a header; a missing or blank one is a {@link #fresh()} trace. */
    public static TraceHeader parse(String header) {
        if (header == null || header.isBlank()) {
            return fresh();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, Integer> lineage = new LinkedHashMap<>();
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("Lineage")) {
                for (String entry : value.split("\\|")) {
                    String[] bits = entry.split(":");
                    try {
                        if (bits.length == 3) {
                            lineage.put(bits[1], Integer.parseInt(bits[2]));
                        } else if (bits.length == 2) {
                            lineage.put(bits[0], Integer.parseInt(bits[1]));
                        }
                    } catch (NumberFormatException e) {
                        // an entry we cannot read counts as none
                    }
                }
            } else {
                fields.put(key, value);
            }
        }
        if (!fields.containsKey("Root")) {
            fields.putAll(fresh().fields);
        }
        return new TraceHeader(fields, lineage);
    }

    /** How many times this event's chain has invoked the function (0 if never). */
    public int hops(String functionArn) {
        return lineage.getOrDefault(hash(functionArn), 0);
    }

    /** The header for one more invocation of the function in this chain. */
    public TraceHeader withHop(String functionArn) {
        Map<String, Integer> next = new LinkedHashMap<>(lineage);
        next.merge(hash(functionArn), 1, Integer::sum);
        return new TraceHeader(new LinkedHashMap<>(fields), next);
    }

    public String root() {
        return fields.get("Root");
    }

    static String hash(String functionArn) {
        CRC32 crc = new CRC32();
        crc.update(functionArn.getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        fields.forEach((k, v) -> parts.add(k + "=" + v));
        if (!lineage.isEmpty()) {
            List<String> entries = new ArrayList<>();
            lineage.forEach((hash, count) -> entries.add(VERSION + ":" + hash + ":" + count));
            parts.add("Lineage=" + String.join("|", entries));
        }
        return String.join(";", parts);
    }
}
