package io.crmsync.locallambda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

class FunctionUrlIamAuthTest {

    static final Instant NOW = Instant.parse("2026-12-07T20:00:00Z");
    static final URI URL = URI.create("http://127.0.0.1:4567/tenants/local/resync?x=1");
    static final byte[] BODY = "{\"hubspot\":{\"contacts\":[\"1\"]}}".getBytes(StandardCharsets.UTF_8);
    final FunctionUrlIamAuth auth = new FunctionUrlIamAuth("local", "local");

    static Map<String, String> signed(String key, String secret, Instant at, byte[] body) {
        SdkHttpRequest signedRequest = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(key, secret))
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URL)
                        .putHeader("content-type", "application/json").build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
        Map<String, String> headers = new HashMap<>();
        signedRequest.forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        return headers;
    }

    @Test
    void aRequestSignedWithTheKnownKeyPasses() {
        assertTrue(auth.allows("POST", URL, signed("local", "local", NOW, BODY), BODY, Clock.fixed(NOW,
                ZoneOffset.UTC)));
    }

    @Test
    void unsignedForgedTamperedStaleOrUnknownKeyRequestsAreRefused() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        assertFalse(auth.allows("POST", URL, Map.of("content-type", "application/json"), BODY, clock));
        assertFalse(auth.allows("POST", URL, signed("local", "wrong-secret", NOW, BODY), BODY, clock));
        assertFalse(auth.allows("POST", URL, signed("AKIAOTHER", "local", NOW, BODY), BODY, clock));
        assertFalse(auth.allows("POST", URL, signed("local", "local", NOW, BODY),
                "{\"hubspot\":{\"contacts\":[\"2\"]}}".getBytes(StandardCharsets.UTF_8), clock));
        assertFalse(auth.allows("PUT", URL, signed("local", "local", NOW, BODY), BODY, clock));
        assertFalse(auth.allows("POST", URL, signed("local", "local", NOW.minus(Duration.ofMinutes(16)), BODY), BODY,
                clock));
    }
}
