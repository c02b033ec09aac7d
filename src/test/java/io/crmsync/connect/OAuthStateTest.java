package io.crmsync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class OAuthStateTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void aFreshStateNamesTheTenantAndParsesBack() {
        OAuthState state = OAuthState.fresh("acme", random);

        assertThat(state.value()).startsWith("acme.").hasSize("acme.".length() + 43);
        assertThat(OAuthState.parse(state.value())).contains(state);
        assertThat(state.matches(state.value())).isTrue();
        assertThat(state.toString()).isEqualTo("OAuthState[acme]").doesNotContain(state.nonce());
    }

    @Test
    void twoStatesForOneTenantDiffer() {
        OAuthState one = OAuthState.fresh("acme", random);
        OAuthState two = OAuthState.fresh("acme", random);

        assertThat(one.matches(two.value())).isFalse();
        assertThat(one.matches(null)).isFalse();
    }

    @Test
    void whatCrmsyncCouldNotHaveMadeDoesNotParse() {
        String nonce = OAuthState.fresh("acme", random).nonce();
        assertThat(OAuthState.parse(null)).isEmpty();
        assertThat(OAuthState.parse("")).isEmpty();
        assertThat(OAuthState.parse("acme")).isEmpty();
        assertThat(OAuthState.parse("." + nonce)).isEmpty();
        assertThat(OAuthState.parse("acme.short")).isEmpty();
        assertThat(OAuthState.parse("acme." + nonce + "=")).isEmpty();
        assertThat(OAuthState.parse("a.cme." + nonce)).isEmpty();
    }
}
