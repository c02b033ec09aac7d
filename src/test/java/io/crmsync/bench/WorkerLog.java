package io.crmsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CRM calls the sync-worker made per tenant, from its log line per tenant batch ("tenant t: SALESFORCE Lead:
 * {SYNCED=1, SKIPPED=2}; CRM calls {hubspot POST …=1, salesforce GET …=1}"): the sandboxes count calls per
 * endpoint, but tenants sharing one Salesforce org read it with the same endpoints, so only the worker can say
 * whose reads they were. OAuth token calls are left out, as in {@link SandboxCalls}.
 */
final class WorkerLog {

    private static final Pattern BATCH = Pattern.compile("tenant (\\S+): \\S+ \\S+: \\{([^}]*)\\}; CRM calls \\{([^}]*)\\}");
    private static final Pattern COUNT = Pattern.compile("([^,=]+)=(\\d+)");

    /**
     * @param calls         every call of the tenant's batches
     * @param skipOnlyCalls calls of its batches whose records were all skipped (none synced, none unchanged)
     * @param skipped       records skipped
     */
    record TenantCalls(long calls, long skipOnlyCalls, long skipped) {

        static final TenantCalls NONE = new TenantCalls(0, 0, 0);

        TenantCalls plus(TenantCalls other) {
            return new TenantCalls(calls + other.calls, skipOnlyCalls + other.skipOnlyCalls, skipped + other.skipped);
        }
    }

    /** How many lines each worker instance's log had at one moment. */
    record Mark(Map<Path, Integer> lines) {
    }

    private WorkerLog() {
    }

    static Mark mark(Path logDir) {
        Map<Path, Integer> lines = new HashMap<>();
        workerLogs(logDir).forEach(log -> lines.put(log, read(log).size()));
        return new Mark(lines);
    }

    /** Each tenant's calls in the lines written since {@code mark}. */
    static Map<String, TenantCalls> since(Path logDir, Mark mark) {
        Map<String, TenantCalls> byTenant = new TreeMap<>();
        for (Path log : workerLogs(logDir)) {
            List<String> lines = read(log);
            for (String line : lines.subList(Math.min(mark.lines().getOrDefault(log, 0), lines.size()), lines.size())) {
                Matcher batch = BATCH.matcher(line);
                if (batch.find()) {
                    byTenant.merge(batch.group(1), of(counts(batch.group(2)), counts(batch.group(3))),
                            TenantCalls::plus);
                }
            }
        }
        return byTenant;
    }

    private static TenantCalls of(Map<String, Long> outcomes, Map<String, Long> calls) {
        long made = calls.entrySet().stream().filter(e -> !e.getKey().contains("/oauth2/"))
                .mapToLong(Map.Entry::getValue).sum();
        long skipped = outcomes.getOrDefault("SKIPPED", 0L);
        boolean skipOnly = skipped > 0 && outcomes.keySet().stream().allMatch(o -> o.equals("SKIPPED"));
        return new TenantCalls(made, skipOnly ? made : 0, skipped);
    }

    private static Map<String, Long> counts(String list) {
        Map<String, Long> counts = new HashMap<>();
        Matcher m = COUNT.matcher(list);
        while (m.find()) {
            counts.merge(m.group(1).trim(), Long.parseLong(m.group(2)), Long::sum);
        }
        return counts;
    }

    private static List<Path> workerLogs(Path logDir) {
        try (Stream<Path> files = Files.list(logDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("sync-worker-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path log) {
        try {
            return Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
