package io.crmsync.tenant;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.crmsync.crm.HubSpotActivity;

/**
 * A tenant's activity sync, as HubSpot's connector offers it: everything off until turned on.
 *
 * @param salesforceToHubSpot which Salesforce Tasks become HubSpot activities, by their TaskSubtype: plain tasks
 *        become HubSpot tasks, calls calls, emails emails (Salesforce meetings are Events, not Tasks)
 * @param taskUpdatesToSalesforce whether a HubSpot task made from a Salesforce Task sends its changes (completion,
 *        due date, subject, notes, priority) back to that Task; otherwise Salesforce alone changes such a task
 * @param timeline HubSpot's "timeline sync": which HubSpot activities become Salesforce Tasks on the synced Lead or
 *        Contact, each with the Salesforce Task {@code Type} picklist value to create it with
 */
public record ActivitySettings(Set<HubSpotActivity> salesforceToHubSpot, boolean taskUpdatesToSalesforce,
        Map<HubSpotActivity, String> timeline) {

    public static final ActivitySettings OFF = new ActivitySettings(Set.of(), false, Map.of());

    public ActivitySettings {
        salesforceToHubSpot = salesforceToHubSpot == null || salesforceToHubSpot.isEmpty()
                ? Set.of() : Set.copyOf(EnumSet.copyOf(salesforceToHubSpot));
        timeline = timeline == null || timeline.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(timeline));
        if (salesforceToHubSpot.contains(HubSpotActivity.MEETING) || salesforceToHubSpot.contains(
                HubSpotActivity.NOTE)) {
            throw new IllegalArgumentException("Salesforce Tasks become HubSpot tasks, calls or emails only");
        }
    }

    /** Whether anything is read from HubSpot: timeline events, or task changes to send back. */
    public boolean readsHubSpot() {
        return !timeline.isEmpty() || taskUpdatesToSalesforce;
    }

    /** The HubSpot types read for this tenant. */
    public Set<HubSpotActivity> hubSpotTypesToRead() {
        Set<HubSpotActivity> types = EnumSet.noneOf(HubSpotActivity.class);
        types.addAll(timeline.keySet());
        if (taskUpdatesToSalesforce) {
            types.add(HubSpotActivity.TASK);
        }
        return types;
    }
}
