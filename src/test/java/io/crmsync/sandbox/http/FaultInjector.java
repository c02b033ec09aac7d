package io.crmsync.sandbox.http;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Deterministic trouble for a sandbox: a share of API calls answered with an error status instead of being
 * served, latency added to every call, and a share of change notifications dropped or sent twice. Every
 * decision comes from one {@link Random} seeded by the settings, so a scenario replays identically.
 */
public final class FaultInjector {

    /**
     * @param seed              makes every decision repeatable
     * @param errorShare        0..1: share of API calls answered with one of {@code errorStatuses}
     * @param errorStatuses     e.g. 429, 500, 503; picked uniformly
     * @param latency           added before every API call is answered
     * @param dropShare         0..1: share of change notifications (webhooks, outbound messages, CDC) never sent
     * @param duplicateShare    0..1: share of change notifications sent twice
     */
    public record Settings(long seed, double errorShare, List<Integer> errorStatuses, Duration latency,
            double dropShare, double duplicateShare) {

        public Settings {
            checkShare("errorShare", errorShare);
            checkShare("dropShare", dropShare);
            checkShare("duplicateShare", duplicateShare);
            errorStatuses = List.copyOf(errorStatuses);
            if (errorShare > 0 && errorStatuses.isEmpty()) {
                throw new IllegalArgumentException("errorStatuses is empty but errorShare is " + errorShare);
            }
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency is negative");
            }
        }

        public static Settings none() {
            return new Settings(0, 0, List.of(), Duration.ZERO, 0, 0);
        }

        private static void checkShare(String name, double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException(name + " must be within 0..1, was " + share);
            }
        }
    }

    private Settings settings = Settings.none();
    private Random random = new Random(0);

    /** Replaces the settings and restarts the seeded sequence. */
    public synchronized void configure(Settings newSettings) {
        settings = newSettings;
        random = new Random(newSettings.seed());
    }

    public synchronized Settings settings() {
        return settings;
    }

    /** The error status to answer this call with, or 0 to serve it. */
    public synchronized int errorStatusForNextCall() {
        if (settings.errorShare() == 0 || random.nextDouble() >= settings.errorShare()) {
            return 0;
        }
        return settings.errorStatuses().get(random.nextInt(settings.errorStatuses().size()));
    }

    public synchronized Duration latency() {
        return settings.latency();
    }

    /** How many times to send the next change notification: 0 (dropped), 1, or 2 (duplicated). */
    public synchronized int copiesOfNextNotification() {
        if (settings.dropShare() > 0 && random.nextDouble() < settings.dropShare()) {
            return 0;
        }
        if (settings.duplicateShare() > 0 && random.nextDouble() < settings.duplicateShare()) {
            return 2;
        }
        return 1;
    }
}
