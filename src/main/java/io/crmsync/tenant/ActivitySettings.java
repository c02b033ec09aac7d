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
 * @param salesforceIdField the Task External ID field that holds this tenant's HubSpot activity key (a Task is
 *        upserted by it, and a Task carrying it was made from this tenant's HubSpot activity):
 *        {@link #DEFAULT_ID_FIELD} unless the tenant, sharing its org with another, names its own
 */
public record ActivitySettings(Set<HubSpotActivity> salesforceToHubSpot, boolean taskUpdatesToSalesforce,
        Map<HubSpotActivity, String> timeline, String salesforceIdField) {

    /** The Task field of the first tenant on an org. */
    public static final String DEFAULT_ID_FIELD = "HubSpot_Activity_Id__c";

    public static final ActivitySettings OFF = new ActivitySettings(Set.of(), false, Map.of());

    /** Settings on the default Task id field. */
    public ActivitySettings(Set<HubSpotActivity> salesforceToHubSpot, boolean taskUpdatesToSalesforce,
            Map<HubSpotActivity, String> timeline) {
        this(salesforceToHubSpot, taskUpdatesToSalesforce, timeline, null);
    }

    public ActivitySettings {
        salesforceIdField = salesforceIdField == null || salesforceIdField.isBlank() ? DEFAULT_ID_FIELD
                : salesforceIdField;
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
