package io.crmsync.locallambda;

import static org.assertj.core.api.Assertions.assertThat;

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
}
