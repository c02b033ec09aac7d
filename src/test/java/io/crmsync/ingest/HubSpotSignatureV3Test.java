package io.crmsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.crmsync.ingest.HubSpotSignatureV3.Verdict;

class HubSpotSignatureV3Test {

    static final String SECRET = "my-client-secret";
    static final String URI = "https://abc.lambda-url.us-east-1.on.aws/webhooks/hubspot?portal=62515&x=%3Aa%2Fb";
    static final String TIMESTAMP = "1796032800000";
    /** Computed independently (Python hmac/hashlib) over the URI with HubSpot's escapes decoded. */
    static final String EXPECTED = "03GhjKNNg/DD1i238O32xKrsUmb6q1mm8Yy2PYKey8g=";
    static final Instant NOW = Instant.ofEpochMilli(Long.parseLong(TIMESTAMP)).plusSeconds(30);

    static byte[] body() throws IOException {
        try (InputStream in = HubSpotSignatureV3Test.class.getResourceAsStream("/fixtures/hubspot/contact-created.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void acceptsTheSignatureHubSpotComputes() throws IOException {
        assertThat(HubSpotSignatureV3.signatureFor(SECRET, "POST", URI, body(), TIMESTAMP)).isEqualTo(EXPECTED);
        assertThat(HubSpotSignatureV3.verify(SECRET, "POST", URI, body(), TIMESTAMP, EXPECTED, NOW))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void refusesAnyChangeToWhatIsSigned() throws IOException {
        byte[] tampered = body();
        tampered[10] ^= 1;
        assertThat(HubSpotSignatureV3.verify(SECRET, "POST", URI, tampered, TIMESTAMP, EXPECTED, NOW))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(HubSpotSignatureV3.verify("other-secret", "POST", URI, body(), TIMESTAMP, EXPECTED, NOW))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(HubSpotSignatureV3.verify(SECRET, "POST", URI + "&y=1", body(), TIMESTAMP, EXPECTED, NOW))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(HubSpotSignatureV3.verify(SECRET, "PUT", URI, body(), TIMESTAMP, EXPECTED, NOW))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        String otherTimestamp = Long.toString(Long.parseLong(TIMESTAMP) + 1);
        assertThat(HubSpotSignatureV3.verify(SECRET, "POST", URI, body(), otherTimestamp, EXPECTED, NOW))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(HubSpotSignatureV3.verify(SECRET, "POST", URI, body(), TIMESTAMP, "not base64 !", NOW))
                .isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void refusesTimestampsMoreThanFiveMinutesAway() throws IOException {
        Instant sent = Instant.ofEpochMilli(Long.parseLong(TIMESTAMP));
        assertThat(HubSpotSignatureV3.verify(SECRET, "POST", URI, body(), TIMESTAMP, EXPECTED,
                sent.plusSeconds(300))).isEqualTo(Verdict.VALID);
        assertThat(HubSpotSignatureV3.verify(SECRET, "POST", URI, body(), TIMESTAMP, EXPECTED,
                sent.plusSeconds(301))).isEqualTo(Verdict.STALE_TIMESTAMP);
        assertThat(HubSpotSignatureV3.verify(SECRET, "POST", URI, body(), TIMESTAMP, EXPECTED,
                sent.minusSeconds(301))).isEqualTo(Verdict.STALE_TIMESTAMP);
    }

    @Test
    void refusesMissingOrMalformedHeaders() throws IOException {
        assertThat(HubSpotSignatureV3.verify(SECRET, "POST", URI, body(), null, EXPECTED, NOW))
                .isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(HubSpotSignatureV3.verify(SECRET, "POST", URI, body(), TIMESTAMP, " ", NOW))
                .isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(HubSpotSignatureV3.verify(SECRET, "POST", URI, body(), "yesterday", EXPECTED, NOW))
                .isEqualTo(Verdict.BAD_TIMESTAMP);
    }

    @Test
    void decodesOnlyTheEscapesHubSpotLists() {
        assertThat(HubSpotSignatureV3.canonicalUri("https://h/p?a=%3a%2F%3F%40%21%24%27%28%29%2A%2C%3B&b=%20%25"))
                .isEqualTo("https://h/p?a=:/?@!$'()*,;&b=%20%25");
    }
}
