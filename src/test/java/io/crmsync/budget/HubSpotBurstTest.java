package io.crmsync.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class HubSpotBurstTest {

    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void callsBeyondTheBurstWaitUntilTheOldestLeaveTheInterval() {
        HubSpotBurst burst = new HubSpotBurst(10, HubSpotBurst.INTERVAL);
        assertThat(burst.take(4, T0)).isEqualTo(new Reservation.Granted(6));
        assertThat(burst.take(6, T0.plusSeconds(3))).isEqualTo(new Reservation.Granted(0));

        Reservation denied = burst.take(5, T0.plusSeconds(5));
        assertThat(denied).isInstanceOf(Reservation.Denied.class);
        // The first four leave at T0 + 10 s; a fifth only at T0 + 13 s.
        assertThat(((Reservation.Denied) denied).retryAt()).isEqualTo(T0.plusSeconds(13));
        assertThat(burst.take(4, T0.plusSeconds(10))).isEqualTo(new Reservation.Granted(0));
        assertThat(burst.take(1, T0.plusSeconds(12)).granted()).isFalse();
        assertThat(burst.take(1, T0.plusSeconds(13)).granted()).isTrue();
    }

    @Test
    void aBurstNeedsSensibleNumbers() {
        assertThatThrownBy(() -> new HubSpotBurst(0, Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class);
        HubSpotBurst burst = new HubSpotBurst(5, Duration.ofSeconds(10));
        assertThatThrownBy(() -> burst.take(6, T0)).hasMessageContaining("burst limit 5");
        assertThatThrownBy(() -> burst.take(0, T0)).isInstanceOf(IllegalArgumentException.class);
    }
}
