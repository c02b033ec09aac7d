package io.crmsync.locallambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The Runtime API stand-in timestamps a function instance's first poll and first answer, for cold-start timing. */
class RuntimeApiTest {

    final HttpClient http = HttpClient.newHttpClient();

    /** What the runtime interface client does for one invocation: poll, then post the response or an error. */
    String poll(RuntimeApi api) throws Exception {
        HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create("http://" + api.address()
                + "/2018-06-01/runtime/invocation/next")).build(), HttpResponse.BodyHandlers.ofString());
        return next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    }

    int answer(RuntimeApi api, String requestId, String outcome, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + api.address() + "/2018-06-01/runtime/invocation/"
                + requestId + "/" + outcome)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void theFirstPollAndTheFirstResponseAreTimestampedInOrder() throws Exception {
        try (RuntimeApi api = new RuntimeApi("f", Duration.ofSeconds(10))) {
            long before = System.nanoTime();
            CompletableFuture<byte[]> result = api.invoke("{}".getBytes(StandardCharsets.UTF_8));
            assertThat(api.firstPollNanos()).isNotDone();

            String first = poll(api);
            assertThat(api.firstPollNanos()).isDone();
            assertThat(api.firstResponseNanos()).isNotDone();
            assertThat(answer(api, first, "response", "{\"ok\":1}")).isEqualTo(202);
            assertThat(result.get(5, TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8).isEqualTo("{\"ok\":1}");

            long firstPoll = api.firstPollNanos().get();
            long firstResponse = api.firstResponseNanos().get();
            assertThat(firstPoll).isGreaterThan(before);
            assertThat(firstResponse).isGreaterThanOrEqualTo(firstPoll);

            // Later polls and answers leave the first ones' times as they were.
            api.invoke("{}".getBytes(StandardCharsets.UTF_8));
            assertThat(answer(api, poll(api), "response", "{}")).isEqualTo(202);
            assertThat(api.firstPollNanos().get()).isEqualTo(firstPoll);
            assertThat(api.firstResponseNanos().get()).isEqualTo(firstResponse);
        }
    }

    @Test
    void anErrorOrAnAnswerToNoInvocationIsNoFirstResponse() throws Exception {
        try (RuntimeApi api = new RuntimeApi("f", Duration.ofSeconds(10))) {
            CompletableFuture<byte[]> result = api.invoke("{}".getBytes(StandardCharsets.UTF_8));
            String requestId = poll(api);
            assertThat(answer(api, "no-such-request", "response", "{}")).isEqualTo(400);
            assertThat(answer(api, requestId, "error", "{\"errorMessage\":\"boom\"}")).isEqualTo(202);
            assertThat(result).isCompletedExceptionally();
            assertThat(api.firstResponseNanos()).isNotDone();
        }
    }

    @Test
    void theFirstPollsTimeCannotBeChangedFromOutside() throws Exception {
        try (RuntimeApi api = new RuntimeApi("f", Duration.ofSeconds(10))) {
            api.firstPollNanos().complete(1L);
            api.invoke("{}".getBytes(StandardCharsets.UTF_8));
            poll(api);
            assertThat(api.firstPollNanos().get()).isNotEqualTo(1L);
        }
    }

    String poll(String address) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + address
                + "/2018-06-01/runtime/invocation/next")).build(), HttpResponse.BodyHandlers.ofString()).headers()
                .firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    }

    @Test
    void anInvocationPastItsDeadlineFailsAsLambdasTimeoutAndTheInstancesEndpointIsTornDown() throws Exception {
        try (RuntimeApi api = new RuntimeApi("f", Duration.ofMillis(500))) {
            CompletableFuture<Integer> timedOutSlot = new CompletableFuture<>();
            api.onTimeout(timedOutSlot::complete);
            RuntimeApi.Endpoint instance = api.openEndpoint(3);
            CompletableFuture<byte[]> result = api.invoke("{}".getBytes(StandardCharsets.UTF_8));
            String requestId = poll(instance.address());

            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(RuntimeApi.FunctionTimeout.class)
                    .hasMessageContaining("Task timed out after 0.50 seconds").hasMessageContaining("Sandbox.Timedout");
            // The instance's environment was reset (the listener replaces it) before the caller heard.
            assertThat(timedOutSlot).isCompletedWithValue(3);
            assertThat(api.timeouts()).isEqualTo(1);
            // The late answer is refused, and the instance's endpoint no longer serves.
            assertThat(answer(api, requestId, "response", "{}")).isEqualTo(400);
            assertThatThrownBy(() -> poll(instance.address())).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void theDeadlineStartsWhenAnInstanceTakesTheInvocationNotWhenItIsQueued() throws Exception {
        try (RuntimeApi api = new RuntimeApi("f", Duration.ofMillis(800))) {
            CompletableFuture<byte[]> result = api.invoke("{}".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(1200); // queued (say, while an instance starts cold): not yet running, so not timed out
            assertThat(result).isNotDone();
            String requestId = poll(api.openEndpoint(0).address());
            assertThat(answer(api, requestId, "response", "{\"ok\":1}")).isEqualTo(202);
            assertThat(result.get(5, TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8).isEqualTo("{\"ok\":1}");
        }
    }

    @Test
    void theRuntimeGetsTheCallersTraceHeader() throws Exception {
        try (RuntimeApi api = new RuntimeApi("f", Duration.ofSeconds(10))) {
            String trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0;Lineage=1:0a1b2c3d:4";
            api.invoke("{}".getBytes(StandardCharsets.UTF_8), trace);
            HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create("http://" + api.address()
                    + "/2018-06-01/runtime/invocation/next")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(next.headers().firstValue("Lambda-Runtime-Trace-Id")).contains(trace);
        }
    }
}
