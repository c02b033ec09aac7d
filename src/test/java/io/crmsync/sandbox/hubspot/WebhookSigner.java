package io.crmsync.sandbox.hubspot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's v3 signature, written here independently of production's verifier so a test of that verifier
 * against the sandbox is a real check: Base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)),
 * with the percent-escapes HubSpot lists decoded in the URI first.
 */
final class WebhookSigner {

    /** The escapes HubSpot decodes before signing (": / ? @ ! $ ' ( ) * , ;"). */
    private static final Set<String> DECODED = Set.of("3A", "2F", "3F", "40", "21", "24", "27", "28", "29", "2A",
            "2C", "3B");
    private static final Pattern ESCAPE = Pattern.compile("%([0-9A-Fa-f]{2})");

    private final byte[] clientSecret;

    WebhookSigner(String clientSecret) {
        this.clientSecret = clientSecret.getBytes(StandardCharsets.UTF_8);
    }

    String sign(String method, String uri, String body, String timestamp) {
        String signed = method + decodeListedEscapes(uri) + body + timestamp;
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(clientSecret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(hmac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String decodeListedEscapes(String uri) {
        Matcher m = ESCAPE.matcher(uri);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String hex = m.group(1).toUpperCase(Locale.ROOT);
            String replacement = DECODED.contains(hex) ? String.valueOf((char) Integer.parseInt(hex, 16)) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
