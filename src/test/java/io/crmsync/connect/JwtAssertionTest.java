package io.crmsync.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.salesforce.JwtAssertion;

class JwtAssertionTest {

    static KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    /** PKCS#8 PEM, as openssl writes a key for a connected app's certificate. */
    static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void anRs256AssertionWithSalesforcesClaimsExpiringWithinThreeMinutes() throws Exception {
        Instant now = Instant.parse("2026-03-02T10:00:00Z");

        String assertion = JwtAssertion.sign("3MVG9jwt.app", "integration@crmsync.example",
                "https://test.salesforce.com", now, JwtAssertion.privateKey(pem(keys)));

        String[] parts = assertion.split("\\.");
        assertThat(parts).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(claims.get("iss").asText()).isEqualTo("3MVG9jwt.app");
        assertThat(claims.get("sub").asText()).isEqualTo("integration@crmsync.example");
        assertThat(claims.get("aud").asText()).isEqualTo("https://test.salesforce.com");
        long exp = claims.get("exp").asLong();
        assertThat(exp).isGreaterThan(now.getEpochSecond()).isLessThanOrEqualTo(now.getEpochSecond() + 180);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        assertThat(assertion).doesNotContain("=");
    }

    @Test
    void keysThatAreNotPkcs8PemAreRefusedWithoutBeingRepeated() {
        String body = Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
        assertThatThrownBy(() -> JwtAssertion.privateKey("-----BEGIN RSA PRIVATE KEY-----\n" + body
                + "\n-----END RSA PRIVATE KEY-----")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl pkcs8 -topk8").message().doesNotContain(body.substring(0, 40));
        assertThatThrownBy(() -> JwtAssertion.privateKey(body)).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(body.substring(0, 40));
        assertThatThrownBy(() -> JwtAssertion.privateKey("-----BEGIN PRIVATE KEY-----\nAAAA" + body.substring(10)
                + "\n-----END PRIVATE KEY-----")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an RSA private key in PKCS#8 PEM").hasNoCause();
        assertThatThrownBy(() -> JwtAssertion.privateKey(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtAssertion.privateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nxx\n"
                + "-----END ENCRYPTED PRIVATE KEY-----")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encrypted");
    }

    @Test
    void anAssertionNeedsItsClaims() throws Exception {
        assertThatThrownBy(() -> JwtAssertion.sign("3MVG9jwt.app", " ", "https://login.salesforce.com",
                Instant.now(), keys.getPrivate())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("username");
    }
}
