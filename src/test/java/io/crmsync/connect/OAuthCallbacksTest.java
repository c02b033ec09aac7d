package io.crmsync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;

class OAuthCallbacksTest {

    /** Remembers what it was asked; refuses the state "stale". */
    private static final class RecordingCallback implements OAuthCallback {
        final List<String> finished = new ArrayList<>();

        @Override
        public String crm() {
            return "hubspot";
        }

        @Override
        public String finish(String state, String code) {
            if (state.equals("stale")) {
                throw new ConnectException("This connection link has expired: start again from the admin API.");
            }
            finished.add(state + "/" + code);
            return "HubSpot account 62515 is connected to tenant <acme>";
        }
    }

    private final RecordingCallback hubSpot = new RecordingCallback();
    private final OAuthCallbacks callbacks = new OAuthCallbacks(List.of(hubSpot));

    @Test
    void finishesTheFlowOfTheCrmNamedByThePath() {
        HttpResponseEvent page = callbacks.handle(get("/hubspot", "code=abc%2F1&state=acme.xyz"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(hubSpot.finished).containsExactly("acme.xyz/abc/1");
        // The message is escaped, and the code never comes back to the browser.
        assertThat(page.body()).contains("tenant &lt;acme&gt;").doesNotContain("abc");
        assertThat(page.headers()).containsEntry("referrer-policy", "no-referrer");
    }

    @Test
    void refusesWithTheReasonAndWithoutAsking() {
        assertThat(callbacks.handle(get("/hubspot", "code=abc&state=stale")).body()).contains("has expired");
        assertThat(callbacks.handle(get("/hubspot", "state=acme.xyz")).statusCode()).isEqualTo(400);
        assertThat(callbacks.handle(get("/hubspot", "code=abc")).statusCode()).isEqualTo(400);
        assertThat(callbacks.handle(get("/zoho", "code=abc&state=acme.xyz")).statusCode()).isEqualTo(404);
        HttpResponseEvent denied = callbacks.handle(get("/hubspot", "error=access_denied&error_description=%3Cb%3Eno"));
        assertThat(denied.statusCode()).isEqualTo(400);
        assertThat(denied.body()).contains("access_denied").contains("&lt;b&gt;no").doesNotContain("<b>");
        assertThat(hubSpot.finished).isEmpty();
    }

    @Test
    void logsTheCallersErrorOnlyInOAuthsErrorCodeGrammarNeverItsLineBreaksOrControlCharacters() {
        List<String> logged = new ArrayList<>();
        try (LogCapture capture = new LogCapture(logged)) {
            // A forged log line: CR LF, then what looks like another function's entry; and other control characters.
            assertThat(callbacks.handle(get("/hubspot", "error=access_denied%0D%0A2026-12-07+INFO+oauth-callback+hubspot"
                    + "%3A+connected")).statusCode()).isEqualTo(400);
            assertThat(callbacks.handle(get("/hubspot", "error=bad%1B%5B31m%00%09")).statusCode()).isEqualTo(400);
            assertThat(callbacks.handle(get("/hubspot", "error=" + "x".repeat(65))).statusCode()).isEqualTo(400);
            assertThat(callbacks.handle(get("/hubspot", "error=access_denied")).statusCode()).isEqualTo(400);
        }

        assertThat(logged).hasSize(4).allSatisfy(line -> {
            assertThat(line).doesNotContain("\r").doesNotContain("\n").doesNotContain("connected")
                    .doesNotContain("x".repeat(65));
            assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f)).isEmpty();
        });
        assertThat(logged.subList(0, 3)).allSatisfy(line -> assertThat(line).endsWith("error=<invalid>"));
        assertThat(logged.get(3)).endsWith("error=access_denied");
    }

    @Test
    void aRefusalThatQuotesTheCallersStateIsLoggedWithoutItsLineBreaks() {
        // The connectors name the tenant of a state before they know the state is genuine (its text before the dot).
        OAuthCallbacks quoting = new OAuthCallbacks(List.of(new OAuthCallback() {
            @Override
            public String crm() {
                return "hubspot";
            }

            @Override
            public String finish(String state, String code) {
                throw new ConnectException("No HubSpot connection is being made for tenant "
                        + state.substring(0, state.indexOf('.')));
            }
        }));
        List<String> logged = new ArrayList<>();
        try (LogCapture capture = new LogCapture(logged)) {
            assertThat(quoting.handle(get("/hubspot", "code=abc&state=evil%0D%0AINFO+oauth-callback+hubspot%3A+connected"
                    + "%E2%80%A8%1B.n")).statusCode()).isEqualTo(400);
        }
        assertThat(logged).singleElement().satisfies(line -> {
            assertThat(line).contains("refused").contains("evil");
            assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029))
                    .isEmpty();
        });
    }

    @Test
    void acceptsOnlyGet() {
        HttpRequestEvent post = new HttpRequestEvent("2.0", "/hubspot", "code=a&state=b", Map.of(), "", false,
                new HttpRequestEvent.RequestContext("cb.lambda-url.us-east-1.on.aws", "r",
                        new HttpRequestEvent.Http("POST", "/hubspot", "127.0.0.1", "test"), 0));
        assertThat(callbacks.handle(post).statusCode()).isEqualTo(405);
    }

    private static HttpRequestEvent get(String path, String query) {
        return new HttpRequestEvent("2.0", path, query, Map.of(), null, false,
                new HttpRequestEvent.RequestContext("cb.lambda-url.us-east-1.on.aws", "r",
                        new HttpRequestEvent.Http("GET", path, "127.0.0.1", "test"), 0));
    }

    /** OAuthCallbacks' log lines, formatted as the log manager writes them, while open. */
    private static final class LogCapture extends java.util.logging.Handler implements AutoCloseable {
        private final List<String> lines;
        private final java.util.logging.Logger logger = java.util.logging.Logger.getLogger(
                OAuthCallbacks.class.getName());

        LogCapture(List<String> lines) {
            this.lines = lines;
            logger.addHandler(this);
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null && message.contains("%")) {
                message = String.format(message, record.getParameters());
            }
            lines.add(message);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
