package io.crmsync.ingest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's v3 request signature: Base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)), where
 * uri is the full URL as called with HubSpot's listed percent-escapes decoded, and timestamp is the
 * {@code X-HubSpot-Request-Timestamp} header (epoch milliseconds).
 */
public final class HubSpotSignatureV3 {

    /** HubSpot: "Reject the request if the timestamp is older than 5 minutes." */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** Escapes HubSpot decodes in the URI before signing; all other escapes stay as sent. */
    private static final Map<String, String> DECODED_ESCAPES = Map.ofEntries(
            Map.entry("%3A", ":"), Map.entry("%2F", "/"), Map.entry("%3F", "?"), Map.entry("%40", "@"),
            Map.entry("%21", "!"), Map.entry("%24", "$"), Map.entry("%27", "'"), Map.entry("%28", "("),
            Map.entry("%29", ")"), Map.entry("%2A", "*"), Map.entry("%2C", ","), Map.entry("%3B", ";"));
    private static final Pattern ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

    public enum Verdict {
        VALID, MISSING_HEADERS, BAD_TIMESTAMP, STALE_TIMESTAMP, BAD_SIGNATURE
    }

    private HubSpotSignatureV3() {
    }

    public static Verdict verify(String clientSecret, String method, String uri, byte[] body, String timestampHeader,
            String signatureHeader, Instant now) {
        if (isBlank(timestampHeader) || isBlank(signatureHeader)) {
            return Verdict.MISSING_HEADERS;
        }
        long timestampMillis;
        try {
            timestampMillis = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        long skew = Math.abs(now.toEpochMilli() - timestampMillis);
        if (skew > MAX_AGE.toMillis()) {
            return Verdict.STALE_TIMESTAMP;
        }
        byte[] expected = sign(clientSecret, method, uri, body, timestampHeader.trim());
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signatureHeader.trim());
        } catch (IllegalArgumentException e) {
            return Verdict.BAD_SIGNATURE;
        }
        return MessageDigest.isEqual(expected, given) ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    /** The Base64 signature HubSpot would send; used by the sandbox and by tests. */
    public static String signatureFor(String clientSecret, String method, String uri, byte[] body, String timestamp) {
        return Base64.getEncoder().encodeToString(sign(clientSecret, method, uri, body, timestamp));
    }

    static String canonicalUri(String uri) {
        Matcher m = ESCAPE.matcher(uri);
        StringBuilder out = new StringBuilder(uri.length());
        while (m.find()) {
            String escape = m.group().toUpperCase(java.util.Locale.ROOT);
            m.appendReplacement(out, Matcher.quoteReplacement(DECODED_ESCAPES.getOrDefault(escape, m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static byte[] sign(String clientSecret, String method, String uri, byte[] body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(method.getBytes(StandardCharsets.UTF_8));
            mac.update(canonicalUri(uri).getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
