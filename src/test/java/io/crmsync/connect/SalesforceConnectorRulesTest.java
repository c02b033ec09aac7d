package io.crmsync.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.crmsync.salesforce.SalesforceLoginApi.TokenResponse;

/** The connector's pure rules: the org a token names, and the token answer's signature. */
class SalesforceConnectorRulesTest {

    static final String ID = "https://login.salesforce.com/id/00D5g000004YzKxEAK/0055g00000AbCdEAAV";

    @Test
    void theOrgIdComesFromTheIdentityUrl() {
        assertThat(SalesforceConnector.orgIdOf(ID)).isEqualTo("00D5g000004YzKxEAK");
        assertThat(SalesforceConnector.orgIdOf("https://test.salesforce.com/id/00D5g000004YzKx/0055g00000AbCdE"))
                .isEqualTo("00D5g000004YzKx");
        assertThatThrownBy(() -> SalesforceConnector.orgIdOf(null)).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> SalesforceConnector.orgIdOf("https://login.salesforce.com/id/001x/005y"))
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> SalesforceConnector.orgIdOf("not a url")).isInstanceOf(ConnectException.class);
    }

    @Test
    void theSignatureIsTheHmacOfIdAndIssuedAtUnderTheConsumerSecret() throws Exception {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(hmac.doFinal((ID + "1772445600000")
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(SalesforceConnector.signatureHolds("secret", token(ID, signature))).isTrue();
        assertThat(SalesforceConnector.signatureHolds("other", token(ID, signature))).isFalse();
        assertThat(SalesforceConnector.signatureHolds("secret", token(ID.replace("00D5g000004YzKx",
                "00D5g000009AbCd"), signature))).isFalse();
        assertThat(SalesforceConnector.signatureHolds("secret", token(ID, "%%%"))).isFalse();
        assertThat(SalesforceConnector.signatureHolds("secret", token(ID, null))).isTrue();
    }

    @Test
    void aTokenAnswerPrintsNoToken() {
        TokenResponse token = new TokenResponse("00D!secret-access", "5Aep-secret-refresh", "https://x", ID, "Bearer",
                "1", "sig", "api");
        assertThat(token.toString()).doesNotContain("secret").doesNotContain("sig");
    }

    private static TokenResponse token(String id, String signature) {
        return new TokenResponse("access", "refresh", "https://na1.salesforce.com", id, "Bearer", "1772445600000",
                signature, "api refresh_token");
    }
}
