package io.crmsync.localaws.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.localaws.iam.TemplateRoles.Stack;

/**
 * IAM for the local stack: one {@link IamProxy} per emulated service, and for every function of template.yaml its
 * own credentials, whose calls are checked against that function's role. The harness (tests seeding tables, the
 * event source's admin work) signs with the administrator key and is not checked, as a deployer's own credentials
 * are not what this is about.
 *
 * <p>Every allowed call is remembered (role, action, resource) and written out on {@link #close()}, so a test can
 * compare what the functions actually did with what template.yaml grants them (least privilege both ways).
 */
public final class IamEnforcement implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IamEnforcement.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the calls allowed during a run are written (one JSON object per line), for the least-privilege test. */
    public static final Path CALLS_DIR = Path.of(System.getProperty("crmsync.iam.calls-dir", "target/iam-calls"));

    public record Credentials(String accessKeyId, String secretAccessKey) {
    }

    /** One call a function was allowed to make. */
    public record ObservedCall(String role, String action, String resource) {
    }

    /** A principal: the function, its role and the session name IAM shows in messages. */
    private record Principal(String export, Role role, boolean observed) {
        String arn(Stack stack) {
            return "arn:" + stack.partition() + ":sts::" + stack.accountId() + ":assumed-role/" + role.name() + "/"
                    + stack.stackName() + "-" + export;
        }
    }

    /** The proxy's answer to one request. */
    record Verdict(boolean allowed, String errorType, String message) {
        static final Verdict ALLOW = new Verdict(true, null, null);

        static Verdict deny(String message) {
            return new Verdict(false, "AccessDeniedException", message);
        }

        static Verdict unrecognized() {
            return new Verdict(false, "UnrecognizedClientException",
                    "The security token included in the request is invalid.");
        }

        /** The service itself is down for this caller: the proxy answers 503, as AWS does in an outage. */
        static Verdict unavailable(String service) {
            return new Verdict(false, "ServiceUnavailable", "local outage of " + service);
        }

        boolean outage() {
            return "ServiceUnavailable".equals(errorType);
        }

        static Verdict unreadable(String message) {
            return new Verdict(false, "InvalidAction", "local IAM check: " + message);
        }
    }

    private final TemplateRoles roles;
    private final Stack stack;
    private final String adminAccessKey;
    private final AwsCall.Context context;
    private final Map<String, Principal> principals = new ConcurrentHashMap<>();
    private final Map<String, IamProxy> proxies = new LinkedHashMap<>();
    private final Set<ObservedCall> observed = ConcurrentHashMap.newKeySet();
    private final List<String> denials = new CopyOnWriteArrayList<>();
    private final String label;
    /** Per service, the functions (exports) whose calls it answers 503 for now: see {@link #outage}. */
    private final Map<String, Set<String>> outages = new ConcurrentHashMap<>();

    /**
     * @param backends service name (sqs, dynamodb, secretsmanager) to the local server's endpoint
     * @param label names the file the observed calls are written to
     */
    public IamEnforcement(TemplateRoles roles, Stack stack, String adminAccessKey, Map<String, URI> backends,
            AwsCall.Context context, String label) {
        this.roles = roles;
        this.stack = stack;
        this.adminAccessKey = adminAccessKey;
        this.context = context;
        this.label = label;
        backends.forEach((service, uri) -> proxies.put(service, new IamProxy(service, uri, this)));
    }

    /** The checked endpoint of a service: what functions are given instead of the server's own address. */
    public String endpoint(String service) {
        IamProxy proxy = proxies.get(service);
        if (proxy == null) {
            throw new IllegalArgumentException("no local IAM check in front of " + service);
        }
        return proxy.endpoint();
    }

    /** The credentials of the function exporting {@code export} (its role in template.yaml), as Lambda gives it. */
    public Credentials credentialsFor(String export) {
        return credentials(export, "", true);
    }

    /**
     * Credentials with the same role that a test may use to probe the check: its calls are checked but not counted as
     * calls the function makes (the least-privilege test compares grants with what the functions themselves did).
     */
    public Credentials probeCredentialsFor(String export) {
        return credentials(export, "PROBE", false);
    }

    private Credentials credentials(String export, String suffix, boolean observed) {
        Role role = roles.roleOf(export);
        String accessKey = "ASIA" + export.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "") + suffix;
        principals.putIfAbsent(accessKey, new Principal(export, role, observed));
        return new Credentials(accessKey, "local-secret-of-" + export);
    }

    Verdict check(String service, String accessKey, String target, JsonNode body) {
        if (adminAccessKey.equals(accessKey)) {
            return Verdict.ALLOW;
        }
        Principal principal = accessKey == null ? null : principals.get(accessKey);
        if (principal == null) {
            denials.add("unknown access key " + accessKey + " calling " + service + " " + target);
            return Verdict.unrecognized();
        }
        if (outages.getOrDefault(service, Set.of()).contains(principal.export())) {
            return Verdict.unavailable(service);
        }
        AwsCall call = AwsCall.parse(service, target, body, context);
        for (AwsCall.Authorization needed : call.authorizations()) {
            Role.Decision decision = principal.role().decide(needed.action(), needed.resource());
            if (decision != Role.Decision.ALLOWED) {
                String message = "User: " + principal.arn(stack) + " is not authorized to perform: " + needed.action()
                        + " on resource: " + needed.resource() + (decision == Role.Decision.EXPLICITLY_DENIED
                                ? " with an explicit deny in an identity-based policy"
                                : " because no identity-based policy allows the " + needed.action() + " action");
                denials.add(message);
                LOG.warnf("local IAM refused %s %s: %s", service, call.operation(), message);
                return Verdict.deny(message);
            }
        }
        if (principal.observed()) {
            call.authorizations().forEach(a -> observed.add(new ObservedCall(principal.role().name(), a.action(),
                    a.resource())));
        }
        return Verdict.ALLOW;
    }

    /**
     * Takes {@code service} down for the calls of these functions (their exports), until {@link #endOutage}: each
     * is answered 503 ServiceUnavailable without reaching the server. The harness's own calls still go through.
     */
    public void outage(String service, Set<String> exports) {
        if (!proxies.containsKey(service)) {
            throw new IllegalArgumentException("no local IAM check in front of " + service);
        }
        outages.put(service, Set.copyOf(exports));
    }

    public void endOutage(String service) {
        outages.remove(service);
    }

    /** Every refusal so far, in AWS's words. */
    public List<String> denials() {
        return List.copyOf(denials);
    }

    /** Writes the observed calls to {@link #CALLS_DIR}/{@code <label>-<pid>-<n>.jsonl}. */
    public Path writeObservations() {
        try {
            Files.createDirectories(CALLS_DIR);
            Path file = Files.createTempFile(CALLS_DIR, label + "-" + ProcessHandle.current().pid() + "-", ".jsonl");
            List<String> lines = new ArrayList<>();
            for (ObservedCall call : observed) {
                lines.add(JSON.writeValueAsString(call));
            }
            Files.write(file, lines.stream().sorted().collect(Collectors.toList()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the observed AWS calls", e);
        }
    }

    /** Reads every file {@link #writeObservations()} wrote into {@code dir}. */
    public static Set<ObservedCall> readObservations(Path dir) {
        Set<ObservedCall> calls = new java.util.HashSet<>();
        if (!Files.isDirectory(dir)) {
            return calls;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        calls.add(JSON.readValue(line, ObservedCall.class));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read observed AWS calls from " + dir, e);
        }
        return calls;
    }

    @Override
    public void close() {
        proxies.values().forEach(IamProxy::close);
        if (!observed.isEmpty()) {
            writeObservations();
        }
    }
}
