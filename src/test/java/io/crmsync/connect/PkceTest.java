package io.crmsync.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class PkceTest {

    @Test
    void theS256ChallengeOfRfc7636sTestVector() {
        // RFC 7636 appendix B.
        Pkce pkce = Pkce.of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

        assertThat(pkce.challenge()).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void aFreshVerifierIsLongUnreservedAndNeverRepeated() {
        SecureRandom random = new SecureRandom();
        Pkce one = Pkce.generate(random);
        Pkce two = Pkce.generate(random);

        assertThat(one.verifier()).hasSize(86).matches("[A-Za-z0-9_-]+");
        assertThat(one.verifier()).isNotEqualTo(two.verifier());
        assertThat(one.challenge()).isEqualTo(Pkce.challengeOf(one.verifier())).hasSize(43);
        assertThat(one.toString()).doesNotContain(one.verifier()).doesNotContain(one.challenge());
    }

    @Test
    void verifiersOutsideTheRfcsAlphabetOrLengthAreRefused() {
        assertThatThrownBy(() -> Pkce.of("too-short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pkce.of("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pkce.of("=".repeat(43))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Pkce.of("~._-".repeat(32)).verifier()).hasSize(128);
        assertThatThrownBy(() -> new Pkce("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "not-its-challenge"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
