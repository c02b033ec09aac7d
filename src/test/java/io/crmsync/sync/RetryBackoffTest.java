package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void doublesWithEachReceiveFromThirtySeconds() {
        RetryBackoff noJitter = RetryBackoff.standard(() -> 0.0);

        assertThat(IntStream.rangeClosed(1, 5).mapToObj(noJitter::delayAfter).map(Duration::toSeconds))
                .containsExactly(30L, 60L, 120L, 240L, 480L);
    }

    @Test
    void stopsGrowingAtTheCapHoweverOftenAMessageWasReceived() {
        RetryBackoff noJitter = RetryBackoff.standard(() -> 0.0);

        assertThat(noJitter.delayAfter(6)).isEqualTo(Duration.ofMinutes(15));
        assertThat(noJitter.delayAfter(1_000)).isEqualTo(Duration.ofMinutes(15));
        assertThat(noJitter.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void jitterTakesOffAtMostItsFractionSoTheCapHolds() {
        RetryBackoff almostFullJitter = RetryBackoff.standard(() -> 0.999_999);
        RetryBackoff halfJitter = RetryBackoff.standard(() -> 0.5);

        assertThat(almostFullJitter.delayAfter(1)).isEqualTo(Duration.ofSeconds(24));
        assertThat(halfJitter.delayAfter(1)).isEqualTo(Duration.ofSeconds(27));
        assertThat(halfJitter.delayAfter(3)).isEqualTo(Duration.ofSeconds(108));
        assertThat(halfJitter.delayAfter(50)).isEqualTo(Duration.ofSeconds(810));
    }

    @Test
    void aReceiveCountBelowOneCountsAsTheFirstDelivery() {
        RetryBackoff noJitter = RetryBackoff.standard(() -> 0.0);

        assertThat(noJitter.delayAfter(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(noJitter.delayAfter(-3)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void neverAnswersLessThanOneSecond() {
        RetryBackoff shortest = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, () -> 0.999);

        assertThat(shortest.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesACapSqsWouldRefuse() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(30), Duration.ofHours(13), 0.2, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30), 1.5, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RetryBackoff(Duration.ofSeconds(30), RetryBackoff.SQS_MAX_VISIBILITY, 0, () -> 0.0)
                .delayAfter(100)).isEqualTo(Duration.ofHours(12));
    }
}
