package io.crmsync.faults;

import java.time.Duration;

/** Waits until both sides agree with what was written and every queue is empty, or a timeout passes. */
final class Convergence {

    /** How long the whole pipeline must stay idle, with changes still missing, to call the scenario settled wrong. */
    static final Duration SETTLED_WRONG = Duration.ofSeconds(Integer.getInteger("faults.settled.seconds", 30));

    private Convergence() {
    }

    static Outcome await(String scenario, String description, FaultStack stack, Ledger ledger, Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        boolean converged = false;
        long idleSince = -1;
        while (System.nanoTime() < deadline) {
            boolean idle = stack.idle();
            if (idle && ledger.check(stack.hubSpot(), stack.salesforce()).lost() == 0) {
                // Idle seen twice a moment apart: a notice between two hops is counted by one of them.
                sleep(500);
                if (stack.idle()) {
                    converged = true;
                    break;
                }
            }
            if ((System.nanoTime() - started) / 1_000_000_000L % 30 == 0) {
                System.out.printf("faults: %s after %d s: %d changes missing; %s%n", scenario,
                        (System.nanoTime() - started) / 1_000_000_000L,
                        ledger.check(stack.hubSpot(), stack.salesforce()).lost(), stack.state());
            }
            idleSince = idle ? (idleSince < 0 ? System.nanoTime() : idleSince) : -1;
            // Nothing queued, in flight or delayed for this long: no later step can repair what is still wrong.
            if (idleSince > 0 && System.nanoTime() - idleSince > SETTLED_WRONG.toNanos()) {
                System.out.printf("faults: %s settled with changes missing (idle for %d s)%n", scenario,
                        SETTLED_WRONG.toSeconds());
                break;
            }
            sleep(1000);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!converged) {
            System.out.printf("faults: %s did not converge (%s)%n", scenario, stack.state());
        }
        Ledger.Check check = ledger.check(stack.hubSpot(), stack.salesforce());
        return new Outcome(scenario, description, check.changesMade(), check.changesApplied(), check.duplicates(),
                check.lost(), stack.changeDlqDepth(), stack.cdcFailedEvents(), stack.crmCalls(), seconds, converged,
                check.examples());
    }

    /** Waits for the pipeline to be idle, e.g. before a fault starts; fails the scenario past the timeout. */
    static void awaitIdle(FaultStack stack, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stack.idle()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not idle after " + timeout.toSeconds() + " s: " + stack.state());
            }
            sleep(500);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
