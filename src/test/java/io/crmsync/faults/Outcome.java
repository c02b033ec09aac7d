package io.crmsync.faults;

import java.util.List;

/**
 * One scenario's figures. It passed only with every change applied on both sides, no duplicate, both dead-letter
 * queues empty and convergence before the timeout.
 */
record Outcome(String scenario, String description, long changesMade, long changesApplied, long duplicates,
        long lost, int changeDlq, int cdcFailedEvents, long crmCalls, double convergeSeconds, boolean converged,
        List<String> lostExamples) {

    boolean passed() {
        return converged && lost == 0 && duplicates == 0 && changeDlq == 0 && cdcFailedEvents == 0
                && changesApplied == changesMade;
    }
}
