package io.crmsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class CursorTest {

    static final Instant T = Instant.parse("2026-04-01T10:00:00.123Z");

    @Test
    void ordersByTimeThenIdWithNumericIdsInNumericOrder() {
        Cursor a = new Cursor(T, "9");
        Cursor b = new Cursor(T, "10");
        Cursor c = new Cursor(T.plusMillis(1), "1");
        Cursor sf1 = new Cursor(T, "003000000000001AAA");
        Cursor sf2 = new Cursor(T, "003000000000002AAA");
        List<Cursor> shuffled = new ArrayList<>(List.of(c, sf2, b, Cursor.START, sf1, a, new Cursor(T, "")));
        Collections.shuffle(shuffled);
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactly(Cursor.START, new Cursor(T, ""), a, b, sf1, sf2, c);
        assertThat(b.isAfter(a)).isTrue();
        assertThat(a.isAfter(b)).isFalse();
        assertThat(Cursor.max(a, c)).isEqualTo(c);
    }

    @Test
    void encodesRoundTripAndTheTextSortsLikeTheCursors() {
        List<Cursor> ordered = List.of(Cursor.START, new Cursor(T, ""), new Cursor(T, "9"), new Cursor(T, "10"),
                new Cursor(T, "003000000000001AAA"), new Cursor(T.plusSeconds(86_400 * 400), "1"));
        for (int i = 0; i < ordered.size(); i++) {
            assertThat(Cursor.decode(ordered.get(i).encode())).isEqualTo(ordered.get(i));
            if (i > 0) {
                assertThat(ordered.get(i).encode()).isGreaterThan(ordered.get(i - 1).encode());
            }
        }
        assertThat(new Cursor(T, "10").encode()).isEqualTo("2026-04-01T10:00:00.123Z#002#10");
        assertThatThrownBy(() -> Cursor.decode("2026-04-01T10:00:00.123Z#003#10"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsMillisecondsOnly() {
        Cursor fine = new Cursor(T.plusNanos(456_789), "1");
        assertThat(fine.modifiedAt()).isEqualTo(T);
        assertThat(Cursor.decode(fine.encode())).isEqualTo(fine);
    }

    @Test
    void lookbackStartsAWindowEarlierBeforeEveryRecordOfThatMillisecond() {
        Cursor back = new Cursor(T, "42").lookback(Duration.ofMinutes(10));
        assertThat(back).isEqualTo(new Cursor(T.minus(Duration.ofMinutes(10)), ""));
        assertThat(new Cursor(T.minus(Duration.ofMinutes(10)), "1").isAfter(back)).isTrue();
        assertThat(new Cursor(T, "42").lookback(Duration.ZERO)).isEqualTo(new Cursor(T, "42"));
        assertThat(new Cursor(Instant.EPOCH.plusSeconds(5), "1").lookback(Duration.ofHours(1)))
                .isEqualTo(Cursor.START);
    }
}
