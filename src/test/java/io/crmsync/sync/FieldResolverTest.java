package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.crmsync.mapping.SyncRule;
import io.crmsync.sync.FieldResolver.Decision;
import io.crmsync.sync.FieldResolver.FieldState;
import io.crmsync.crm.Side;

/**
 * Every rule × direction × (value, blank filled, cleared). Each case starts from a last sync that agreed on
 * "A" (or on blank, for the fill cases); "→HS x" means write x to HubSpot, "→SF x" to Salesforce, "-" nothing.
 */
class FieldResolverTest {

    static final Instant EARLIER = Instant.parse("2026-11-29T09:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-29T10:00:00Z");

    enum Case {
        HUBSPOT_CHANGES_VALUE("B", "A", "A"),
        HUBSPOT_FILLS_BLANK("B", null, null),
        HUBSPOT_CLEARS(null, "A", "A"),
        SALESFORCE_CHANGES_VALUE("A", "B", "A"),
        SALESFORCE_FILLS_BLANK(null, "B", null),
        SALESFORCE_CLEARS("A", null, "A");

        final String hubSpot;
        final String salesforce;
        final String lastAgreed;

        Case(String hubSpot, String salesforce, String lastAgreed) {
            this.hubSpot = hubSpot;
            this.salesforce = salesforce;
            this.lastAgreed = lastAgreed;
        }
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // rule, case, expected
                Arguments.of(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK, Case.HUBSPOT_CHANGES_VALUE, "→HS A"),
                Arguments.of(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK, Case.HUBSPOT_FILLS_BLANK, "→SF B"),
                Arguments.of(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK, Case.HUBSPOT_CLEARS, "→HS A"),
                Arguments.of(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK, Case.SALESFORCE_CHANGES_VALUE, "→HS B"),
                Arguments.of(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK, Case.SALESFORCE_FILLS_BLANK, "→HS B"),
                Arguments.of(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK, Case.SALESFORCE_CLEARS, "→HS null"),

                Arguments.of(SyncRule.ALWAYS_SALESFORCE, Case.HUBSPOT_CHANGES_VALUE, "→HS A"),
                Arguments.of(SyncRule.ALWAYS_SALESFORCE, Case.HUBSPOT_FILLS_BLANK, "-"),
                Arguments.of(SyncRule.ALWAYS_SALESFORCE, Case.HUBSPOT_CLEARS, "→HS A"),
                Arguments.of(SyncRule.ALWAYS_SALESFORCE, Case.SALESFORCE_CHANGES_VALUE, "→HS B"),
                Arguments.of(SyncRule.ALWAYS_SALESFORCE, Case.SALESFORCE_FILLS_BLANK, "→HS B"),
                Arguments.of(SyncRule.ALWAYS_SALESFORCE, Case.SALESFORCE_CLEARS, "→HS null"),

                Arguments.of(SyncRule.TWO_WAY, Case.HUBSPOT_CHANGES_VALUE, "→SF B"),
                Arguments.of(SyncRule.TWO_WAY, Case.HUBSPOT_FILLS_BLANK, "→SF B"),
                Arguments.of(SyncRule.TWO_WAY, Case.HUBSPOT_CLEARS, "→SF null"),
                Arguments.of(SyncRule.TWO_WAY, Case.SALESFORCE_CHANGES_VALUE, "→HS B"),
                Arguments.of(SyncRule.TWO_WAY, Case.SALESFORCE_FILLS_BLANK, "→HS B"),
                Arguments.of(SyncRule.TWO_WAY, Case.SALESFORCE_CLEARS, "→HS null"),

                Arguments.of(SyncRule.DONT_SYNC, Case.HUBSPOT_CHANGES_VALUE, "-"),
                Arguments.of(SyncRule.DONT_SYNC, Case.HUBSPOT_FILLS_BLANK, "-"),
                Arguments.of(SyncRule.DONT_SYNC, Case.HUBSPOT_CLEARS, "-"),
                Arguments.of(SyncRule.DONT_SYNC, Case.SALESFORCE_CHANGES_VALUE, "-"),
                Arguments.of(SyncRule.DONT_SYNC, Case.SALESFORCE_FILLS_BLANK, "-"),
                Arguments.of(SyncRule.DONT_SYNC, Case.SALESFORCE_CLEARS, "-"),

                Arguments.of(SyncRule.PREFER_HUBSPOT_UNLESS_BLANK, Case.HUBSPOT_CHANGES_VALUE, "→SF B"),
                Arguments.of(SyncRule.PREFER_HUBSPOT_UNLESS_BLANK, Case.HUBSPOT_FILLS_BLANK, "→SF B"),
                Arguments.of(SyncRule.PREFER_HUBSPOT_UNLESS_BLANK, Case.HUBSPOT_CLEARS, "→SF null"),
                Arguments.of(SyncRule.PREFER_HUBSPOT_UNLESS_BLANK, Case.SALESFORCE_CHANGES_VALUE, "→SF A"),
                Arguments.of(SyncRule.PREFER_HUBSPOT_UNLESS_BLANK, Case.SALESFORCE_FILLS_BLANK, "→HS B"),
                Arguments.of(SyncRule.PREFER_HUBSPOT_UNLESS_BLANK, Case.SALESFORCE_CLEARS, "→SF A"),

                Arguments.of(SyncRule.ALWAYS_HUBSPOT, Case.HUBSPOT_CHANGES_VALUE, "→SF B"),
                Arguments.of(SyncRule.ALWAYS_HUBSPOT, Case.HUBSPOT_FILLS_BLANK, "→SF B"),
                Arguments.of(SyncRule.ALWAYS_HUBSPOT, Case.HUBSPOT_CLEARS, "→SF null"),
                Arguments.of(SyncRule.ALWAYS_HUBSPOT, Case.SALESFORCE_CHANGES_VALUE, "→SF A"),
                Arguments.of(SyncRule.ALWAYS_HUBSPOT, Case.SALESFORCE_FILLS_BLANK, "-"),
                Arguments.of(SyncRule.ALWAYS_HUBSPOT, Case.SALESFORCE_CLEARS, "→SF A"));
    }

    static String describe(Decision d) {
        return d.writeTo().map(side -> (side == Side.HUBSPOT ? "→HS " : "→SF ") + d.value()).orElse("-");
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @MethodSource("table")
    void appliesTheRule(SyncRule rule, Case c, String expected) {
        boolean hubSpotMoved = c.name().startsWith("HUBSPOT");
        Decision decision = FieldResolver.decide(rule,
                new FieldState(c.hubSpot, hubSpotMoved ? LATER : EARLIER),
                new FieldState(c.salesforce, hubSpotMoved ? EARLIER : LATER),
                Optional.of(FieldResolver.fingerprint(c.lastAgreed)), Side.SALESFORCE);
        assertThat(describe(decision)).isEqualTo(expected);
        assertThat(decision.rule()).isEqualTo(rule);
        assertThat(decision.reason()).isNotBlank();
    }

    @Test
    void twoWayConflictsGoToTheMostRecentChangeThenToTheTieBreak() {
        Optional<String> agreed = Optional.of(FieldResolver.fingerprint("A"));
        assertThat(describe(FieldResolver.decide(SyncRule.TWO_WAY, new FieldState("H", LATER),
                new FieldState("S", EARLIER), agreed, Side.SALESFORCE))).isEqualTo("→SF H");
        assertThat(describe(FieldResolver.decide(SyncRule.TWO_WAY, new FieldState("H", EARLIER),
                new FieldState("S", LATER), agreed, Side.SALESFORCE))).isEqualTo("→HS S");
        assertThat(describe(FieldResolver.decide(SyncRule.TWO_WAY, new FieldState("H", LATER),
                new FieldState("S", LATER), agreed, Side.SALESFORCE))).isEqualTo("→HS S");
        assertThat(describe(FieldResolver.decide(SyncRule.TWO_WAY, new FieldState("H", null),
                new FieldState("S", LATER), agreed, Side.HUBSPOT))).isEqualTo("→SF H");
    }

    @Test
    void aFirstTwoWaySyncFillsBlanksAndOtherwiseTakesTheNewerValue() {
        assertThat(describe(FieldResolver.decide(SyncRule.TWO_WAY, new FieldState(null, LATER),
                new FieldState("S", EARLIER), Optional.empty(), Side.HUBSPOT))).isEqualTo("→HS S");
        assertThat(describe(FieldResolver.decide(SyncRule.TWO_WAY, new FieldState("H", EARLIER),
                new FieldState("S", LATER), Optional.empty(), Side.HUBSPOT))).isEqualTo("→HS S");
    }

    @Test
    void equalValuesMoveNothingAndEmptyEqualsNull() {
        for (SyncRule rule : SyncRule.values()) {
            assertThat(FieldResolver.decide(rule, new FieldState("X", LATER), new FieldState("X", EARLIER),
                    Optional.empty(), Side.SALESFORCE).writeTo()).isEmpty();
            assertThat(FieldResolver.decide(rule, new FieldState("", LATER), new FieldState(null, EARLIER),
                    Optional.of(FieldResolver.fingerprint("A")), Side.SALESFORCE).writeTo()).isEmpty();
        }
    }
}
