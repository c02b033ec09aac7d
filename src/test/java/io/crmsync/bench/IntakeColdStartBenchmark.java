package io.crmsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.deploy.SamTemplate;
import io.crmsync.devstack.LocalDeployment;
import io.crmsync.ingest.HubSpotSignatureV3;
import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.FunctionInstance;
import io.crmsync.locallambda.LocalFunctions;
import io.crmsync.testing.Events;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Cold start of function.zip's intake functions (hubspot-webhook, salesforce-outbound, salesforce-cdc), measured as
 * {@link ColdStartBenchmark} measures the sync-worker's: a fresh JVM under the Lambda runtime interface client with
 * Lambda's JVM options and only template.yaml's environment (its role's credentials, the app secret in the local
 * Secrets Manager), one event already waiting, timed from the process start to its first poll of the Runtime API
 * (init done) and to its answer. The event is one the function accepts for the registered tenant (portal and org
 * connected): a signed webhook POST, an Outbound Message with the tenant's token, a Lead CDC event, each with new
 * ids, so the replay window lets it through; each run checks the answer and that its notice is on the change queue.
 *
 * <p>Each start also records the Secrets Manager requests made before the first poll and before the answer (the
 * local server's count, plus the local IAM check's refusals for the roles that may not read a secret):
 * {@code IntakeFunctionsInitIT} asserts none at init.
 */
public final class IntakeColdStartBenchmark {

    /** The intake functions, by their QUARKUS_FUNQY_EXPORT. */
    public enum Intake {
        HUBSPOT_WEBHOOK("hubspot-webhook"), SALESFORCE_OUTBOUND("salesforce-outbound"),
        SALESFORCE_CDC("salesforce-cdc");

        final String export;

        Intake(String export) {
            this.export = export;
        }
    }

    /**
     * One cold start: its timings, and the Secrets Manager requests counted from the JVM's start until its first
     * poll and until its answer (refused ones included).
     */
    public record Start(ColdStartBenchmark.Run run, int secretsCallsAtInit, int secretsCallsAtResponse) {
    }

    /** The org the event fixtures name; the tenant is registered with it (and with the fixtures' portal). */
    static final String ORG_ID = "00D5g000004YzKxEAK";
    private static final long ANSWER_TIMEOUT_SECONDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private IntakeColdStartBenchmark() {
    }

    /**
     * A warm-up start of each function, then {@code runs} measured starts each, functions taking turns; prints each
     * start and puts the figures into {@code figures} (see {@link Bench#figure}).
     */
    public static Map<Intake, ColdStartBenchmark.Result> run(LocalAws aws, int runs, Map<String, Object> figures) {
        return run(aws, runs, figures, List.of());
    }

    /** @param jvmOptions added to each function JVM's command line (e.g. -Xlog:class+load to see what init loads) */
    static Map<Intake, ColdStartBenchmark.Result> run(LocalAws aws, int runs, Map<String, Object> figures,
            List<String> jvmOptions) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        aws.reset();
        Map<Intake, List<ColdStartBenchmark.Run>> measured = new EnumMap<>(Intake.class);
        try (LocalFunctions functions = LocalFunctions.unpack(LocalFunctions.FUNCTION_ZIP,
                Path.of("target", "bench-intake-cold-start"))) {
            Map<Intake, Map<String, String>> configs = configs(aws);
            for (Intake intake : Intake.values()) {
                coldStart(aws, functions, configs.get(intake), intake, "warm-up", jvmOptions);
                measured.put(intake, new ArrayList<>());
            }
            for (int i = 0; i < runs; i++) {
                for (Intake intake : Intake.values()) {
                    ColdStartBenchmark.Run run = coldStart(aws, functions, configs.get(intake), intake, "run" + i,
                            jvmOptions).run();
                    System.out.printf("intake cold start bench: %s run %d: init %.0f ms (CPU %.0f ms), first response "
                            + "%.0f ms (CPU %.0f ms)%n", intake.export, i + 1, run.initMillis(), run.initCpuMillis(),
                            run.firstResponseMillis(), run.firstResponseCpuMillis());
                    measured.get(intake).add(run);
                }
            }
        }
        Map<Intake, ColdStartBenchmark.Result> results = new EnumMap<>(Intake.class);
        measured.forEach((intake, list) -> results.put(intake, new ColdStartBenchmark.Result(list)));
        results.forEach((intake, result) -> {
            System.out.println(summary(intake, result));
            String scenario = intake.export + " from function.zip under the Lambda runtime interface client and a "
                    + "local Runtime API, Lambda's JVM options for 1,024 MB, one " + eventText(intake) + " waiting; "
                    + "from JVM start; no SnapStart";
            String key = "cold_start_" + intake.export.replace('-', '_');
            figures.put(key + "_init", Bench.figure("ms", result.initMillis(), scenario
                    + "; until its first poll for an event", Double.NaN));
            figures.put(key + "_first_response", Bench.figure("ms", result.firstResponseMillis(), scenario
                    + "; until its answer to that event", 1000));
        });
        return results;
    }

    /** Each intake function's environment as template.yaml gives it, for the tenant {@link #registerTenant} adds. */
    static Map<Intake, Map<String, String>> configs(LocalAws aws) {
        registerTenant(aws);
        Map<String, String> config = new HashMap<>(aws.crmsyncConfig());
        config.put("crmsync.hubspot.app-id", Long.toString(LocalDeployment.APP_ID));
        config.put("crmsync.hubspot.client-secret", LocalDeployment.HUBSPOT_CLIENT_SECRET);
        config.put("crmsync.salesforce.client-secret", LocalDeployment.SALESFORCE_CLIENT_SECRET);
        // The client secrets go into the app secret, which functions read on first use, as in AWS.
        Map<String, String> deployed = aws.withAppSecret(config);
        SamTemplate template = SamTemplate.load();
        Map<Intake, Map<String, String>> configs = new EnumMap<>(Intake.class);
        for (Intake intake : Intake.values()) {
            configs.put(intake, LocalDeployment.asDeployed(template, intake.export,
                    aws.asFunction(intake.export, deployed)));
        }
        return configs;
    }

    /** The tenant pairing the fixtures' HubSpot portal with their Salesforce org, both connected. */
    static void registerTenant(LocalAws aws) {
        LocalDeployment.registerTenant(aws, ORG_ID);
    }

    /**
     * A fresh JVM of the function with one event waiting; fails unless the event is accepted and its notice is on
     * the change queue (taken off it again).
     */
    static Start coldStart(LocalAws aws, LocalFunctions functions, Map<String, String> config, Intake intake,
            String label, List<String> jvmOptions) {
        byte[] event = event(intake, label);
        int secretsCallsBefore = secretsCalls(aws);
        LocalFunctions.Function function = functions.launch(intake.export, 1, config,
                Duration.ofSeconds(ANSWER_TIMEOUT_SECONDS), jvmOptions);
        FunctionInstance instance = function.instances().get(0);
        // Read on the Runtime API's thread as the poll or the response arrives, before the runtime gets an answer.
        CompletableFuture<Duration> cpuAtInit = function.api().firstPollNanos().thenApply(at -> instance.cpuTime());
        CompletableFuture<Integer> secretsAtInit = function.api().firstPollNanos()
                .thenApply(at -> secretsCalls(aws) - secretsCallsBefore);
        CompletableFuture<Duration> cpuAtResponse = function.api().firstResponseNanos()
                .thenApply(at -> instance.cpuTime());
        try {
            byte[] answer = awaitAnswer(function, function.api().invoke(event), functions.logDir());
            int secretsAtResponse = secretsCalls(aws) - secretsCallsBefore;
            checkAccepted(intake, answer, functions.logDir());
            takeNotice(aws, intake);
            long started = instance.startedNanos();
            long firstPoll = function.api().firstPollNanos().get(1, TimeUnit.SECONDS);
            long firstResponse = function.api().firstResponseNanos().get(1, TimeUnit.SECONDS);
            ColdStartBenchmark.Run run = new ColdStartBenchmark.Run((firstPoll - started) / 1e6,
                    (firstResponse - started) / 1e6, cpuAtInit.get(1, TimeUnit.SECONDS).toNanos() / 1e6,
                    cpuAtResponse.get(1, TimeUnit.SECONDS).toNanos() / 1e6);
            return new Start(run, secretsAtInit.get(1, TimeUnit.SECONDS), secretsAtResponse);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("intake cold start: no timestamps from the Runtime API", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            functions.stop(function);
        }
    }

    /** Secrets Manager requests the local server answered, plus those the local IAM check refused. */
    private static int secretsCalls(LocalAws aws) {
        return aws.secretsServer().totalCalls() + (int) aws.iam().denials().stream()
                .filter(denial -> denial.contains("secretsmanager:")).count();
    }

    private static byte[] awaitAnswer(LocalFunctions.Function function, CompletableFuture<byte[]> answer,
            Path logDir) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_TIMEOUT_SECONDS + 60);
        while (true) {
            try {
                return answer.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (function.api().initError().isDone()
                        || function.instances().stream().anyMatch(i -> !i.isAlive())) {
                    throw new IllegalStateException(function.name() + " failed to start; see " + logDir);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(function.name() + " did not answer; see " + logDir);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(function.name() + " failed; see " + logDir, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** 200 from the Function URL doors (the Outbound Message acknowledged), "enqueued" from the CDC intake. */
    private static void checkAccepted(Intake intake, byte[] answer, Path logDir) {
        JsonNode response = read(answer);
        boolean accepted = switch (intake) {
            case HUBSPOT_WEBHOOK -> response.path("statusCode").asInt() == 200;
            case SALESFORCE_OUTBOUND -> response.path("statusCode").asInt() == 200
                    && response.path("body").asText().contains("<Ack>true</Ack>");
            case SALESFORCE_CDC -> "enqueued".equals(response.path("result").asText());
        };
        if (!accepted) {
            throw new IllegalStateException(intake.export + " did not accept the event: " + new String(answer,
                    StandardCharsets.UTF_8) + "; see " + logDir);
        }
    }

    /** The tenant's notice from the change queue, deleted; fails if there is none. */
    private static void takeNotice(LocalAws aws, Intake intake) {
        String queueUrl = aws.queueUrl("ChangeQueue");
        List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(2)).messages();
        boolean found = false;
        for (Message m : messages) {
            found |= read(m.body().getBytes(StandardCharsets.UTF_8)).path("tenantId").asText()
                    .equals(LocalDeployment.TENANT);
            aws.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
        if (!found) {
            throw new IllegalStateException(intake.export + " answered, but no notice of tenant "
                    + LocalDeployment.TENANT + " is on the change queue");
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String eventText(Intake intake) {
        return switch (intake) {
            case HUBSPOT_WEBHOOK -> "signed webhook POST (a contact created and a property changed)";
            case SALESFORCE_OUTBOUND -> "Outbound Message of one Lead";
            case SALESFORCE_CDC -> "Lead CDC event";
        };
    }

    /** The function's event, with ids no earlier start used (the replay window would drop a repeat quietly). */
    static byte[] event(Intake intake, String label) {
        long unique = System.currentTimeMillis() * 10 + Math.floorMod(label.hashCode(), 10);
        Instant now = Instant.now();
        ObjectNode event = switch (intake) {
            case HUBSPOT_WEBHOOK -> webhook(unique, now);
            case SALESFORCE_OUTBOUND -> outboundMessage(unique, now);
            case SALESFORCE_CDC -> changeEvent(unique, now);
        };
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode webhook(long unique, Instant now) {
        long contact = 1_000_000 + unique % 1_000_000_000L;
        String body = """
                [{"eventId":%d,"subscriptionId":25,"portalId":%d,"appId":%d,"occurredAt":%d,\
                "subscriptionType":"contact.creation","attemptNumber":0,"objectId":%d,"changeFlag":"CREATED",\
                "changeSource":"CRM_UI"},\
                {"eventId":%d,"subscriptionId":26,"portalId":%d,"appId":%d,"occurredAt":%d,\
                "subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":%d,\
                "propertyName":"jobtitle","propertyValue":"Tester","changeSource":"CRM_UI"}]"""
                .formatted(unique * 2, LocalDeployment.PORTAL_ID, LocalDeployment.APP_ID, now.toEpochMilli(), contact,
                        unique * 2 + 1, LocalDeployment.PORTAL_ID, LocalDeployment.APP_ID, now.toEpochMilli(),
                        contact);
        String timestamp = Long.toString(now.toEpochMilli());
        Events.FunctionUrlRequest request = Events.functionUrl(Events.HUBSPOT_WEBHOOK).body(body).receivedAt(now)
                .fill("timestamp", timestamp);
        // HubSpot signs the URL it called: the Function URL's (no crmsync.hubspot.webhook-url is deployed).
        String signature = HubSpotSignatureV3.signatureFor(LocalDeployment.HUBSPOT_CLIENT_SECRET, "POST",
                request.peek().fullUrl(), body.getBytes(StandardCharsets.UTF_8), timestamp);
        return request.fill("signature", signature).json();
    }

    private static ObjectNode outboundMessage(long unique, Instant now) {
        String suffix = String.format("%08d", unique % 100_000_000L);
        String body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>\
                <notifications xmlns="http://soap.sforce.com/2005/09/outbound">\
                <OrganizationId>%s</OrganizationId><ActionId>04k5g000000GmnAAAS</ActionId>\
                <SessionId xsi:nil="true"/><Notification><Id>04l5g0000%sA</Id>\
                <sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">\
                <sf:Id>00Q5g0000%sA</sf:Id></sObject></Notification></notifications></soapenv:Body>\
                </soapenv:Envelope>""".formatted(ORG_ID, suffix, suffix);
        return Events.functionUrl(Events.SALESFORCE_OUTBOUND).body(body).receivedAt(now)
                .fill("token", LocalDeployment.OUTBOUND_TOKEN).json();
    }

    private static ObjectNode changeEvent(long unique, Instant now) {
        ObjectNode event = Events.fixture(Events.SALESFORCE_CDC);
        String suffix = String.format("%08d", unique % 100_000_000L);
        event.put("id", "cold-start-" + unique).put("time", now.toString());
        ObjectNode header = (ObjectNode) event.path("detail").path("payload").path("ChangeEventHeader");
        header.putArray("recordIds").add("00Q5g0000" + suffix + "A");
        header.put("commitTimestamp", now.toEpochMilli());
        return event;
    }

    static String summary(Intake intake, ColdStartBenchmark.Result result) {
        return String.format("cold start of %s over %d runs, median (min–max) in ms:%n"
                + "  JVM start → init done (first poll):  wall %s, CPU %s%n"
                + "  JVM start → first response:          wall %s, CPU %s", intake.export, result.runs().size(),
                text(result.init()), text(result.initCpu()), text(result.firstResponse()),
                text(result.firstResponseCpu()));
    }

    private static String text(ColdStartBenchmark.Spread s) {
        return String.format("%.0f (%.0f–%.0f)", s.median(), s.min(), s.max());
    }

    /** Arguments: the number of measured runs (5), then JVM options for the functions, if any. */
    public static void main(String[] args) {
        try (LocalAws aws = LocalAws.start()) {
            run(aws, args.length > 0 ? Integer.parseInt(args[0]) : 5, new java.util.LinkedHashMap<>(),
                    args.length > 1 ? List.of(args).subList(1, args.length) : List.of());
            System.out.println("load average (1, 5, 15 min) at the end: " + ColdStartBenchmark.loadAverage());
        }
    }
}
