package io.crmsync.salesforce;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The assertion of Salesforce's OAuth 2.0 JWT bearer flow: an RS256-signed JWT whose {@code iss} is the connected
 * app's consumer key, {@code sub} the integration user's username, {@code aud} the login host and {@code exp} at
 * most three minutes ahead. Built with the JDK's {@link Signature} and Jackson: a JWT library would add a
 * dependency for one fixed header and four claims.
 */
public final class JwtAssertion {

    /**
     * How long an assertion is valid. Salesforce refuses an {@code exp} more than three minutes ahead of its own
     * clock; two leave a minute for our clock running ahead of it.
     */
    public static final Duration LIFETIME = Duration.ofMinutes(2);

    private JwtAssertion() {
    }

    /** The signed assertion, {@code header.claims.signature} in base64url. */
    public static String sign(String consumerKey, String username, String audience, Instant now, PrivateKey key) {
        require(consumerKey, "consumer key");
        require(username, "username");
        require(audience, "audience");
        Map<String, Object> header = Map.of("alg", "RS256");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", consumerKey);
        claims.put("sub", username);
        claims.put("aud", audience);
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        ObjectMapper json = new ObjectMapper();
        String signingInput;
        try {
            signingInput = base64url.encodeToString(json.writeValueAsBytes(header)) + "."
                    + base64url.encodeToString(json.writeValueAsBytes(claims));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and a number always serialise", e);
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64url.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key cannot sign an RS256 assertion", e);
        }
    }

    /**
     * Reads the RSA private key a connected app's certificate belongs to, as PEM-encoded PKCS#8
     * ({@code -----BEGIN PRIVATE KEY-----}). Errors never repeat the key.
     */
    public static PrivateKey privateKey(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("no private key given");
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("the private key is PKCS#1 (BEGIN RSA PRIVATE KEY); convert it to"
                    + " PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem");
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("the private key is encrypted; give it unencrypted (openssl pkcs8"
                    + " -topk8 -nocrypt): it is kept in the tenant's secret");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("not a PEM private key (-----BEGIN PRIVATE KEY----- … -----END PRIVATE"
                    + " KEY-----)");
        }
        String body = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end);
        try {
            byte[] der = Base64.getMimeDecoder().decode(body);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // The cause's message could quote the key's bytes: it is not kept.
            throw new IllegalArgumentException("not an RSA private key in PKCS#8 PEM");
        }
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a JWT bearer assertion needs a " + what);
        }
    }
}
