package io.crmsync.faults;

import java.util.List;
import java.util.Map;

/**
 * One scenario's figures. It passed only with every change applied on both sides, no duplicate, both dead-letter
 * queues empty and convergence before the timeout. {@code figures} holds what only one scenario counts (e.g.
 * worker kills), printed after its description and written to faults.json.
 */
record Outcome(String scenario, String description, long changesMade, long changesApplied, long duplicates,
        long lost, int changeDlq, int cdcFailedEvents, long crmCalls, double convergeSeconds, boolean converged,
        List<String> lostExamples, Map<String, Long> figures) {

    Outcome(String scenario, String description, long changesMade, long changesApplied, long duplicates,
            long lost, int changeDlq, int cdcFailedEvents, long crmCalls, double convergeSeconds, boolean converged,
            List<String> lostExamples) {
        this(scenario, description, changesMade, changesApplied, duplicates, lost, changeDlq, cdcFailedEvents,
                crmCalls, convergeSeconds, converged, lostExamples, Map.of());
    }

    /** This outcome with the scenario's own figures (in the order given). */
    Outcome withFigures(Map<String, Long> scenarioFigures) {
        return new Outcome(scenario, description, changesMade, changesApplied, duplicates, lost, changeDlq,
                cdcFailedEvents, crmCalls, convergeSeconds, converged, lostExamples, scenarioFigures);
    }

    /** This outcome failed for a reason of the scenario's own (e.g. too few kills, an invocation timeout). */
    Outcome failedBecause(String reason, Map<String, Long> scenarioFigures) {
        List<String> examples = new java.util.ArrayList<>(lostExamples);
        examples.add(reason);
        return new Outcome(scenario, description, changesMade, changesApplied, duplicates, lost, changeDlq,
                cdcFailedEvents, crmCalls, convergeSeconds, false, examples, scenarioFigures);
    }

    boolean passed() {
        return converged && lost == 0 && duplicates == 0 && changeDlq == 0 && cdcFailedEvents == 0
                && changesApplied == changesMade;
    }
}
