package io.crmsync.locallambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.localaws.LocalAws;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's timeout and execution environment life cycle on the local runtime: an invocation past the function's
 * Timeout fails with "Task timed out", its instance's JVM is killed and a fresh one takes its place (same number of
 * instances), and an SQS batch whose invocation timed out comes back after the queue's visibility timeout, nothing
 * deleted. The function is {@link SleepyHandler} under the real runtime interface client, one JVM per instance.
 */
class FunctionTimeoutTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static Path work;
    static LocalFunctions functions;

    @BeforeAll
    static void layOutTaskRoot() throws Exception {
        work = Files.createDirectories(Path.of("target", "function-timeout-test"));
        Path task = work.resolve("task");
        Path classFile = Path.of(SleepyHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(SleepyHandler.class.getName().replace('.', '/') + ".class");
        Path target = task.resolve(SleepyHandler.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(target.getParent());
        Files.copy(classFile, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        functions = LocalFunctions.at(task, work.resolve("logs"), SleepyHandler.class.getName() + "::handleRequest",
                // The runtime client hands the trace id to the AWS SDK through utils-lite, which function.zip carries.
                List.of(FunctionInstance.jarOf(RequestStreamHandler.class),
                        FunctionInstance.jarOf(software.amazon.awssdk.utilslite.SdkInternalThreadLocal.class)));
    }

    @AfterAll
    static void stop() {
        functions.close();
    }

    static JsonNode answer(byte[] body) throws Exception {
        return JSON.readTree(body);
    }

    @Test
    void anInvocationPastTheTimeoutFailsAndItsInstanceIsReplacedByAColdOne() throws Exception {
        LocalFunctions.Function f = functions.start("sleepy", 1, Map.of(), Duration.ofSeconds(2));
        long firstPid = answer(f.api().invoke("{}".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS))
                .path("pid").asLong();
        FunctionInstance first = f.instances().get(0);
        assertThat(first.pid()).isEqualTo(firstPid);

        long started = System.nanoTime();
        assertThatThrownBy(() -> f.api().invoke("{\"x\":\"sleep-ms=30000\"}".getBytes(StandardCharsets.UTF_8))
                .get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RuntimeApi.FunctionTimeout.class)
                .hasMessageContaining("Task timed out after 2.00 seconds");
        // It fails at its deadline, not after the 30 s sleep nor a caller's own time limit.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
        assertThat(f.api().timeouts()).isEqualTo(1);

        // The environment is torn down: the JVM is gone, a new one stands in its place, as many as before.
        assertThat(first.isAlive()).isFalse();
        assertThat(f.instances()).hasSize(1);
        FunctionInstance fresh = f.instances().get(0);
        assertThat(fresh).isNotSameAs(first);

        // The next invocation succeeds, on the fresh instance (a cold start).
        JsonNode next = answer(f.api().invoke("{}".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS));
        assertThat(next.path("pid").asLong()).isEqualTo(fresh.pid()).isNotEqualTo(firstPid);
        functions.stop(f);
    }

    @Test
    void aRuntimeThatExitsMidInvocationFailsItAtOnceAndIsReplaced() throws Exception {
        LocalFunctions.Function f = functions.start("crashing", 1, Map.of(), Duration.ofSeconds(30));
        FunctionInstance first = f.instances().get(0);
        long started = System.nanoTime();
        assertThatThrownBy(() -> f.api().invoke("{\"x\":\"exit-now\"}".getBytes(StandardCharsets.UTF_8))
                .get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RuntimeApi.FunctionError.class)
                .hasMessageContaining("Runtime.ExitError");
        // Not at the 30 s deadline: Lambda reports the exit as it happens.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        JsonNode next = answer(f.api().invoke("{}".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS));
        assertThat(f.instances()).hasSize(1);
        assertThat(next.path("pid").asLong()).isEqualTo(f.instances().get(0).pid()).isNotEqualTo(first.pid());
        functions.stop(f);
    }

    @Test
    void anSqsBatchWhoseInvocationTimedOutComesBackAfterTheVisibilityTimeoutWhole() throws Exception {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        String endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(LocalAws.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            // Visibility 4 s against a 2 s timeout: the 6 x AWS advises would only make the test slower.
            String queue = sqs.createQueue(b -> b.queueName("timeouts").attributes(
                    Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "4"))).queueUrl();
            long booting = System.nanoTime();
            LocalFunctions.Function f = functions.start("sleepy-sqs", 2, Map.of(), Duration.ofSeconds(2));
            System.out.printf("2 instances up in %d ms%n", Duration.ofNanos(System.nanoTime() - booting).toMillis());
            List<FunctionInstance> before = List.copyOf(f.instances());
            for (int i = 0; i < 3; i++) {
                int n = i;
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody("m" + n + " sleep-ms=30000"));
            }
            long sent = System.nanoTime();
            try (SqsEventSource events = new SqsEventSource(sqs, queue, f.api(), 10, Duration.ofMillis(500), 1)) {
                await(() -> approximateMessages(sqs, queue) == 0, Duration.ofSeconds(40));
                System.out.printf("batch through after %d ms (timeout 2 s, visibility 4 s)%n",
                        Duration.ofNanos(System.nanoTime() - sent).toMillis());
                // First delivery timed out (nothing deleted); the batch came back after the visibility timeout
                // and went through on its second receive.
                assertThat(events.failedInvocations()).isEqualTo(1);
                assertThat(f.api().timeouts()).isEqualTo(1);
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThan(Duration.ofSeconds(4));
                assertThat(events.invocations()).isGreaterThanOrEqualTo(2);
            }
            assertThat(f.instances()).hasSize(2);
            assertThat(f.instances().stream().filter(i -> !before.contains(i)).count()).isEqualTo(1);
            assertThat(before.stream().filter(FunctionInstance::isAlive).count()).isEqualTo(1);
            functions.stop(f);
        } finally {
            server.stopAndWait();
        }
    }

    static int approximateMessages(SqsClient sqs, String queue) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    static void await(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            Thread.sleep(100);
        }
    }
}
