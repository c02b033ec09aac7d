package io.crmsync.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.tenant.ActivitySettings;
import io.crmsync.crm.HubSpotActivity;
import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.store.DynamoTenantSettings;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.testing.Events;
import io.crmsync.testing.FunctionUnderTest;
import io.crmsync.testing.Notices;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Activities through the sync-worker function against the CRM sandboxes: Salesforce Tasks to HubSpot tasks and
 * calls, a HubSpot task's completion back to its Task, HubSpot activities to Tasks of the chosen type, redelivery
 * without duplicates, and activity sync paused first when the window fills.
 */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack(tenant = "acme")
class ActivitySyncTest {

    @Inject
    DynamoTenantSettings settings;

    @Inject
    Ledger ledger;

    HubSpotSandbox hubSpot;
    SalesforceSandbox salesforce;
    FunctionUnderTest function;

    String contact;
    String lead;

    @BeforeEach
    void syncedContact(HubSpotSandbox hubSpot, SalesforceSandbox salesforce, FunctionUnderTest function)
            throws Exception {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.function = function;
        contact = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        assertThat(sync("acme", "HUBSPOT", "contact", List.of(contact))).isEmpty();
        lead = (String) salesforce.leadByExternalId("HubSpot_Contact_Id__c", contact).orElseThrow().get("Id");
    }

    void choose(ActivitySettings activities) {
        settings.save("acme", TenantSettings.defaults().withActivities(activities));
    }

    /** One SQS message with one notice through the function; returns the messages it hands back. */
    List<String> sync(String tenant, String source, String objectType, List<String> ids) throws Exception {
        return function.failedMessageIds(Events.sqs(Events.SqsMessage.of("m-" + objectType + ids,
                Notices.updated(tenant, source, objectType, ids))));
    }

    Map<String, String> onlyHubSpotRecord(String objectType) {
        assertThat(hubSpot.recordCount(objectType)).as(objectType).isEqualTo(1);
        return hubSpot.records(objectType).get(0);
    }

    @Test
    void aSalesforceTaskBecomesOneAssociatedHubSpotTaskAndItsCompletionFlowsBothWaysWithoutEchoes()
            throws Exception {
        choose(new ActivitySettings(Set.of(HubSpotActivity.TASK, HubSpotActivity.CALL), true, Map.of()));
        String task = salesforce.insert("Task", Map.of("Subject", "Send the quote", "Description", "Pricing & terms",
                "ActivityDate", "2026-12-03", "Priority", "High", "WhoId", lead));

        assertThat(sync("acme", "SALESFORCE", "Task", List.of(task))).isEmpty();

        Map<String, String> hubSpotTask = onlyHubSpotRecord("tasks");
        assertThat(hubSpotTask).containsEntry("hs_task_subject", "Send the quote")
                .containsEntry("hs_task_status", "NOT_STARTED").containsEntry("hs_task_priority", "HIGH")
                .containsEntry("crmsync_salesforce_id", task);
        String hubSpotTaskId = hubSpotTask.get("hs_object_id");
        assertThat(hubSpot.associatedIds("tasks", hubSpotTaskId, "contacts")).containsExactly(contact);

        // Redelivered: found by its Salesforce Id, nothing written again.
        hubSpot.resetCounters();
        assertThat(sync("acme", "SALESFORCE", "Task", List.of(task))).isEmpty();
        assertThat(hubSpot.recordCount("tasks")).isEqualTo(1);
        assertThat(hubSpot.calls("POST /crm/v3/objects/{objectType}/batch/upsert")).isZero();

        // Completed in HubSpot: the Task follows; the Task's own notice then writes nothing back.
        hubSpot.updateRecord("tasks", hubSpotTaskId, Map.of("hs_task_status", "COMPLETED"));
        assertThat(sync("acme", "HUBSPOT", "task", List.of(hubSpotTaskId))).isEmpty();
        assertThat(salesforce.record(task).orElseThrow()).containsEntry("Status", "Completed")
                .containsEntry("Subject", "Send the quote");
        hubSpot.resetCounters();
        assertThat(sync("acme", "SALESFORCE", "Task", List.of(task))).isEmpty();
        assertThat(hubSpot.calls("POST /crm/v3/objects/{objectType}/batch/upsert")).isZero();

        // Changed in Salesforce: only what changed goes to HubSpot.
        salesforce.update("Task", task, Map.of("Subject", "Send the signed quote"));
        assertThat(sync("acme", "SALESFORCE", "Task", List.of(task))).isEmpty();
        assertThat(onlyHubSpotRecord("tasks")).containsEntry("hs_task_subject", "Send the signed quote")
                .containsEntry("hs_task_status", "COMPLETED");

        // A logged call becomes a HubSpot call.
        String call = salesforce.insert("Task", Map.of("Subject", "Intro call", "TaskSubtype", "Call",
                "Status", "Completed", "WhoId", lead));
        assertThat(sync("acme", "SALESFORCE", "Task", List.of(call))).isEmpty();
        assertThat(onlyHubSpotRecord("calls")).containsEntry("hs_call_title", "Intro call")
                .containsEntry("hs_call_status", "COMPLETED");
    }

    @Test
    void hubSpotActivitiesBecomeTasksOfTheChosenTypeOnTheLeadOnceEach() throws Exception {
        choose(new ActivitySettings(Set.of(HubSpotActivity.TASK), false, Map.of(HubSpotActivity.MEETING, "Meeting",
                HubSpotActivity.NOTE, "Other")));
        String meeting = hubSpot.createRecord("meetings", Map.of("hs_meeting_title", "Demo", "hs_meeting_body",
                "<p>Agenda</p>", "hs_timestamp", "2026-12-01T15:00:00Z"));
        hubSpot.associate("meetings", meeting, "contacts", contact);
        String lonelyNote = hubSpot.createRecord("notes", Map.of("hs_note_body", "Nobody's note", "hs_timestamp",
                "2026-12-01T15:00:00Z"));
        String call = hubSpot.createRecord("calls", Map.of("hs_call_title", "Not chosen", "hs_timestamp",
                "2026-12-01T15:00:00Z"));
        hubSpot.associate("calls", call, "contacts", contact);

        assertThat(sync("acme", "HUBSPOT", "meeting", List.of(meeting))).isEmpty();
        assertThat(sync("acme", "HUBSPOT", "meeting", List.of(meeting))).as("redelivered").isEmpty();
        assertThat(sync("acme", "HUBSPOT", "note", List.of(lonelyNote))).isEmpty();
        assertThat(sync("acme", "HUBSPOT", "call", List.of(call))).isEmpty();

        List<Map<String, Object>> tasks = salesforce.records("Task");
        assertThat(tasks).singleElement().satisfies(t -> assertThat(t).containsEntry("Subject", "Meeting: Demo")
                .containsEntry("Type", "Meeting").containsEntry("Status", "Completed")
                .containsEntry("ActivityDate", "2026-12-01").containsEntry("WhoId", lead)
                .containsEntry("Description", "Agenda").containsEntry("HubSpot_Activity_Id__c", "meetings:" + meeting));

        // The Task crmsync wrote comes back as a Salesforce change: it is HubSpot's own meeting, not a new task.
        String written = (String) tasks.get(0).get("Id");
        assertThat(sync("acme", "SALESFORCE", "Task", List.of(written))).isEmpty();
        assertThat(hubSpot.recordCount("tasks")).isZero();
    }

    @Test
    void aHundredActivitiesEachWayCostAHandfulOfCallsCountedByTheSandboxes() throws Exception {
        choose(new ActivitySettings(Set.of(HubSpotActivity.TASK), false, Map.of(HubSpotActivity.CALL, "Call")));
        List<String> tasks = new java.util.ArrayList<>();
        List<String> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tasks.add(salesforce.insert("Task", Map.of("Subject", "Follow up " + i, "WhoId", lead)));
            String call = hubSpot.createRecord("calls", Map.of("hs_call_title", "Call " + i, "hs_timestamp",
                    "2026-12-01T15:00:00Z"));
            hubSpot.associate("calls", call, "contacts", contact);
            calls.add(call);
        }
        // The unique property crmsync upserts tasks by exists from the first sync on.
        assertThat(sync("acme", "SALESFORCE", "Task", tasks.subList(0, 1))).isEmpty();
        hubSpot.resetCounters();
        salesforce.resetCounters();

        assertThat(sync("acme", "SALESFORCE", "Task", tasks)).isEmpty();

        assertThat(hubSpot.recordCount("tasks")).isEqualTo(100);
        // One batch upsert per 100 tasks, one association batch; the Tasks are read in one query.
        assertThat(hubSpot.totalCalls()).isEqualTo(2);
        assertThat(BudgetSyncTest.withoutTokens(salesforce.callCounts())).isEqualTo(1);

        hubSpot.resetCounters();
        salesforce.resetCounters();
        assertThat(sync("acme", "HUBSPOT", "call", calls)).isEmpty();

        assertThat(salesforce.count("Task")).isEqualTo(200);
        // The calls in one batch read and their contacts in one association read; one collections upsert of 100.
        assertThat(hubSpot.totalCalls()).isEqualTo(2);
        assertThat(BudgetSyncTest.withoutTokens(salesforce.callCounts())).isEqualTo(1);
    }

    @Test
    void activitySyncIsPausedFirstAtSixtyPercentWhileRecordsStillSync() throws Exception {
        choose(new ActivitySettings(Set.of(HubSpotActivity.TASK), false, Map.of()));
        Instant now = Instant.now();
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 100));
        long used = ledger.usage("acme", Crm.SALESFORCE, now).used();
        ledger.reserve("acme", Crm.SALESFORCE, (int) (60 - used), now);
        String task = salesforce.insert("Task", Map.of("Subject", "Later", "WhoId", lead));

        assertThat(sync("acme", "SALESFORCE", "Task", List.of(task))).as("deferred, not failed").isEmpty();
        assertThat(hubSpot.recordCount("tasks")).isZero();

        // Records are not paused at 60%: a contact change still syncs.
        hubSpot.updateContact(contact, Map.of("jobtitle", "Countess"));
        assertThat(sync("acme", "HUBSPOT", "contact", List.of(contact))).isEmpty();
        assertThat(salesforce.record(lead).orElseThrow()).containsEntry("Title", "Countess");

        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 10_000));
        assertThat(sync("acme", "SALESFORCE", "Task", List.of(task))).isEmpty();
        assertThat(hubSpot.recordCount("tasks")).isEqualTo(1);
    }
}
