package io.crmsync.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import io.crmsync.localaws.LocalAws;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * The fault scenarios. Each starts from a clean stack, writes hundreds of records and changes on both sides under
 * its fault, then waits until both sides agree and every queue is empty (or the timeout passes) and checks both
 * sandboxes against what was written.
 */
final class Scenarios {

    /** HubSpot contacts created (and changed) per scenario. */
    static final int RECORDS = Integer.getInteger("faults.records", 300);
    /** Leads created in Salesforce per scenario (changed there, and their contacts in HubSpot). */
    static final int LEADS = Integer.getInteger("faults.leads", 100);
    /** Copies of every webhook, Outbound Message and CDC event. */
    static final int COPIES = Integer.getInteger("faults.copies", 3);
    /** Copies arrive at random moments within this many seconds after the original. */
    static final int COPY_SPREAD_SECONDS = Integer.getInteger("faults.copy.spread.seconds", 20);
    /** Rounds of changes on both sides. */
    static final int ROUNDS = Integer.getInteger("faults.rounds", 2);
    /** Share of CRM calls answered with an error during the outage. */
    static final double ERROR_SHARE = Double.parseDouble(System.getProperty("faults.error.share", "0.3"));
    static final int OUTAGE_SECONDS = Integer.getInteger("faults.outage.seconds", 120);
    /** Records changed on both sides at once, and rounds of it, in the race scenario. */
    static final int RACE_RECORDS = Integer.getInteger("faults.race.records", 200);
    static final int RACE_ROUNDS = Integer.getInteger("faults.race.rounds", 5);
    static final int RACE_WORKERS = Integer.getInteger("faults.race.workers", 3);
    /** How long a scenario may take to converge after its last change; past it, the scenario fails. */
    static final int TIMEOUT_SECONDS = Integer.getInteger("faults.timeout.seconds", 300);
    /** The outage scenario's timeout: retries back off 30, 60, 120, 240 s before the redrive policy takes them. */
    static final int OUTAGE_TIMEOUT_SECONDS = Integer.getInteger("faults.outage.timeout.seconds", 540);
    static final long SEED = Long.getLong("faults.seed", 17);

    private Scenarios() {
    }

    /** (a) every webhook, Outbound Message and CDC event delivered 3 times, interleaved and out of order. */
    static Outcome redelivery(LocalAws aws) {
        String description = String.format("%d contacts created in HubSpot and %d Leads in Salesforce, then %d rounds "
                + "of changes on both sides (jobtitle/Title and city/City); every webhook, Outbound Message and CDC "
                + "event delivered %d times, copies within %d s", RECORDS, LEADS, ROUNDS, COPIES, COPY_SPREAD_SECONDS);
        try (FaultStack stack = FaultStack.start(aws, "redelivery", 2, Optional.of(new Redelivery(COPIES,
                Duration.ofSeconds(COPY_SPREAD_SECONDS), SEED)))) {
            Ledger ledger = new Ledger();

            Pairs pairs = Pairs.create(stack, ledger, "a");
            pairs.change(stack, ledger, ROUNDS, Duration.ofSeconds(3));
            return Convergence.await("redelivery", description, stack, ledger,
                    Duration.ofSeconds(TIMEOUT_SECONDS));
        }
    }

    /** (b) a share of both CRMs' calls answered 429/5xx for a stretch, changes continuing on both sides. */
    static Outcome outage(LocalAws aws) {
        String description = String.format("%d contacts from HubSpot and %d Leads from Salesforce synced, then %.0f%% of "
                + "both CRMs' calls answered 429/500/502/503 for %d s while every record changes on both sides every "
                + "20 s; then the CRMs recover", RECORDS, LEADS, ERROR_SHARE * 100, OUTAGE_SECONDS);
        try (FaultStack stack = FaultStack.start(aws, "outage", 2, Optional.empty())) {
            Ledger ledger = new Ledger();

            Pairs pairs = Pairs.create(stack, ledger, "b");
            Convergence.awaitIdle(stack, Duration.ofSeconds(TIMEOUT_SECONDS));
            FaultInjector.Settings outage = new FaultInjector.Settings(SEED, ERROR_SHARE, List.of(429, 500, 502, 503),
                    Duration.ZERO, 0, 0);
            stack.hubSpot().faults().configure(outage);
            stack.salesforce().faults().configure(outage);
            int rounds = Math.max(1, OUTAGE_SECONDS / 20);
            try {
                pairs.change(stack, ledger, rounds, Duration.ofSeconds(20));
            } finally {
                stack.hubSpot().faults().configure(FaultInjector.Settings.none());
                stack.salesforce().faults().configure(FaultInjector.Settings.none());
            }
            return Convergence.await("outage", description, stack, ledger,
                    Duration.ofSeconds(OUTAGE_TIMEOUT_SECONDS));
        }
    }

    /**
     * (c) the daily allocation reached mid-run. HubSpot's allocation is a day in the account's time zone; the
     * tenant's zone is picked so that its midnight falls {@code faults.allocation.reset.seconds} after the changes
     * start, so the window really rolls over in wall time (the worker's clock is the machine's, not a sandbox's).
     * The allocation is what the seeding used plus a few calls: the changes reach it, their notices must be
     * deferred (seen as delayed messages in the change queue), and everything must sync once the new day has room.
     */
    static Outcome allocation(LocalAws aws) {
        int headroom = Integer.getInteger("faults.allocation.headroom", 4);
        int resetSeconds = Integer.getInteger("faults.allocation.reset.seconds", 75);
        try (FaultStack stack = FaultStack.start(aws, "allocation", 2, Optional.empty())) {
            Ledger ledger = new Ledger();
            Pairs pairs = Pairs.create(stack, ledger, "c");
            Convergence.awaitIdle(stack, Duration.ofSeconds(TIMEOUT_SECONDS));
            DailyAllocation allocation = DailyAllocation.setJustAboveUse(aws,
                    Long.getLong("faults.allocation.calls", 500), headroom,
                    Duration.ofSeconds(resetSeconds));
            String description = String.format("%d contacts from HubSpot and %d Leads from Salesforce synced; then "
                    + "HubSpot's daily allocation set to %d calls, %d of them used, the tenant's day ending ~%d s later; "
                    + "%d rounds of changes on both sides", RECORDS, LEADS, allocation.calls(), allocation.usedAtStart(),
                    resetSeconds, ROUNDS);
            pairs.change(stack, ledger, ROUNDS, Duration.ofSeconds(3));
            boolean deferred = false;
            while (!deferred && java.time.Instant.now().isBefore(allocation.dayEnds())) {
                deferred = stack.delayed("ChangeQueue") > 0;
                Convergence.sleep(250);
            }
            if (!deferred) {
                throw new IllegalStateException("the allocation was never reached (no notice deferred): "
                        + "the scenario tested nothing; lower -Dfaults.allocation.headroom");
            }
            return Convergence.await("allocation", description, stack, ledger,
                    Duration.ofSeconds(TIMEOUT_SECONDS + resetSeconds));
        }
    }

    /** (d) the same field of the same record changed on both sides at once, many rounds, with workers racing. */
    static Outcome race(LocalAws aws) {
        String description = String.format("%d contact/Lead pairs; %d rounds, each writing jobtitle in HubSpot and "
                + "Title in Salesforce of every pair at the same moment, 1–3 s apart; %d worker instances",
                RACE_RECORDS, RACE_ROUNDS, RACE_WORKERS);
        try (FaultStack stack = FaultStack.start(aws, "race", RACE_WORKERS, Optional.empty())) {
            HubSpotSandbox hubSpot = stack.hubSpot();
            SalesforceSandbox salesforce = stack.salesforce();
            Ledger ledger = new Ledger();

            List<String> contacts = new ArrayList<>();
            List<String> emails = new ArrayList<>();
            for (int i = 0; i < RACE_RECORDS; i++) {
                String email = "race" + i + "@faults.example";
                contacts.add(hubSpot.createContact(Map.of("email", email, "firstname", "Race", "lastname", "Pair " + i,
                        "jobtitle", "start")));
                ledger.created(email, "Pair " + i);
                emails.add(email);
            }
            List<String> leads = Pairs.awaitLeads(stack, emails, Duration.ofSeconds(TIMEOUT_SECONDS));
            Random random = new Random(SEED);
            for (int round = 1; round <= RACE_ROUNDS; round++) {
                for (int i = 0; i < RACE_RECORDS; i++) {
                    String fromHubSpot = "hs-" + round + "-" + i;
                    String fromSalesforce = "sf-" + round + "-" + i;
                    hubSpot.updateContact(contacts.get(i), Map.of("jobtitle", fromHubSpot));
                    salesforce.update("Lead", leads.get(i), Map.of("Title", fromSalesforce));
                    ledger.raced(emails.get(i), Ledger.JOB_TITLE, fromHubSpot, fromSalesforce);
                }
                Convergence.sleep(1000 + random.nextInt(2000));
            }
            return Convergence.await("race", description, stack, ledger,
                    Duration.ofSeconds(TIMEOUT_SECONDS));
        }
    }
}
