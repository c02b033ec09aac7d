package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crmsync.ingest.HubSpotSignatureV3;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.locallambda.FunctionUrl;
import io.crmsync.locallambda.LocalFunctions;

/** function.zip's hubspot-webhook under the Lambda runtime interface client, behind a local Function URL. */
class WebhookThroughLambdaRuntimeIT {

    static LocalFunctions functions;
    static FunctionUrl url;
    static final LocalAws aws = SharedLocalAws.get();

    @BeforeAll
    static void start() {
        functions = LocalFunctions.unpack(LocalFunctions.FUNCTION_ZIP, Path.of("target", "it-webhook"));
        Map<String, String> config = new HashMap<>(aws.crmsyncConfig());
        config.put("crmsync.tenant.id", "acme");
        config.put("crmsync.hubspot.portal-id", "62515");
        config.put("crmsync.hubspot.app-id", "1160452");
        config.put("crmsync.hubspot.client-secret", "it-secret");
        config.put("crmsync.hubspot.webhook-url", "http://127.0.0.1:18480/hubspot");
        LocalFunctions.Function webhook = functions.start("hubspot-webhook", 1, config, Duration.ofSeconds(10));
        url = new FunctionUrl(webhook.api(), 18480);
    }

    @AfterAll
    static void stop() {
        url.close();
        functions.close();
    }

    @Test
    void aSignedWebhookIsEnqueued() throws Exception {
        aws.reset();
        String body;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/hubspot/contact-created.json")) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String ts = Long.toString(System.currentTimeMillis());
        String sig = HubSpotSignatureV3.signatureFor("it-secret", "POST", url.baseUrl() + "/hubspot",
                body.getBytes(StandardCharsets.UTF_8), ts);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url.baseUrl() + "/hubspot")).header("Content-Type", "application/json")
                .header("X-HubSpot-Request-Timestamp", ts).header("X-HubSpot-Signature-v3", sig)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue")).waitTimeSeconds(1))
                .messages()).hasSize(1);
    }
}
