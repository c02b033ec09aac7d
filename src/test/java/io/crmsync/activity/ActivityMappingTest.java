package io.crmsync.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.crm.HubSpotActivity;

class ActivityMappingTest {

    static final Instant CREATED = Instant.parse("2026-11-29T08:15:00Z");

    @Test
    void aTaskSubtypeChoosesTheHubSpotType() {
        assertThat(ActivityMapping.targetOf("Call")).isEqualTo(HubSpotActivity.CALL);
        assertThat(ActivityMapping.targetOf("Email")).isEqualTo(HubSpotActivity.EMAIL);
        assertThat(ActivityMapping.targetOf("ListEmail")).isEqualTo(HubSpotActivity.EMAIL);
        assertThat(ActivityMapping.targetOf("Task")).isEqualTo(HubSpotActivity.TASK);
        assertThat(ActivityMapping.targetOf(null)).isEqualTo(HubSpotActivity.TASK);
    }

    @Test
    void everySyncedTaskFieldSurvivesTheRoundTripThroughAHubSpotTask() {
        Map<String, String> task = Map.of("Subject", "Call back", "Description", "Asked for <pricing> & terms\nsoon",
                "ActivityDate", "2026-12-03", "Status", "Waiting on someone else", "Priority", "High");
        Map<String, String> hubSpot = new HashMap<>();
        for (String field : ActivityMapping.SYNCED_TASK_FIELDS) {
            hubSpot.putAll(ActivityMapping.hubSpotValues(HubSpotActivity.TASK, field, task.get(field), CREATED));
        }

        assertThat(hubSpot).containsEntry("hs_task_subject", "Call back")
                .containsEntry("hs_task_body", "Asked for &lt;pricing&gt; &amp; terms<br>soon")
                .containsEntry("hs_timestamp", "2026-12-03T12:00:00Z").containsEntry("hs_task_status", "WAITING")
                .containsEntry("hs_task_priority", "HIGH");
        for (String field : ActivityMapping.SYNCED_TASK_FIELDS) {
            assertThat(ActivityMapping.salesforceValue(field, hubSpot)).as(field).contains(task.get(field));
        }
    }

    @Test
    void aTaskWithoutADueDateTakesItsCreationTimeAndCallsAndEmailsKeepOnlyWhatTheyHave() {
        assertThat(ActivityMapping.hubSpotValues(HubSpotActivity.TASK, "ActivityDate", null, CREATED))
                .containsEntry("hs_timestamp", "2026-11-29T08:15:00Z");
        assertThat(ActivityMapping.hubSpotValues(HubSpotActivity.CALL, "Subject", "Intro", CREATED))
                .isEqualTo(Map.of("hs_call_title", "Intro"));
        assertThat(ActivityMapping.hubSpotValues(HubSpotActivity.CALL, "Status", "Completed", CREATED)).isEmpty();
        assertThat(ActivityMapping.hubSpotValues(HubSpotActivity.EMAIL, "Description", "Hi", CREATED))
                .isEqualTo(Map.of("hs_email_text", "Hi"));
        assertThat(ActivityMapping.hubSpotFixedValues(HubSpotActivity.CALL)).containsEntry("hs_call_status",
                "COMPLETED");
    }

    @Test
    void aHubSpotActivityBecomesACompletedTaskOfTheChosenTypeOnTheContact() {
        Map<String, Object> task = ActivityMapping.timelineTask(HubSpotActivity.MEETING, "901", Map.of(
                "hs_meeting_title", "Demo", "hs_meeting_body", "<p>Agenda</p><p>Pricing &amp; next steps</p>",
                "hs_timestamp", "2026-12-01T23:30:00Z"), "Meeting", "003000000000001AAA", null, CREATED);

        assertThat(task).containsEntry("Subject", "Meeting: Demo").containsEntry("Description",
                "Agenda\nPricing & next steps").containsEntry("ActivityDate", "2026-12-01")
                .containsEntry("Status", "Completed").containsEntry("Type", "Meeting")
                .containsEntry("WhoId", "003000000000001AAA").doesNotContainKey("WhatId")
                .doesNotContainKey("TaskSubtype");
        assertThat(ActivityMapping.activityKey(HubSpotActivity.MEETING, "901")).isEqualTo("meetings:901");
    }

    @Test
    void aNoteHasNoTitleSoItsFirstLineIsTheSubjectAndLongTextIsCut() {
        Map<String, Object> note = ActivityMapping.timelineTask(HubSpotActivity.NOTE, "5", Map.of("hs_note_body",
                "Spoke with Ada<br>She wants a quote", "hs_timestamp", "1764406800000"), "Other", "00Q1", null,
                CREATED);
        assertThat(note).containsEntry("Subject", "Note: Spoke with Ada").containsEntry("ActivityDate",
                "2025-11-29");

        Map<String, Object> hubSpotTask = ActivityMapping.timelineTask(HubSpotActivity.TASK, "6", Map.of(
                "hs_task_subject", "x".repeat(300), "hs_task_status", "COMPLETED", "hs_task_priority", "LOW"),
                "Other", "00Q1", null, CREATED);
        assertThat((String) hubSpotTask.get("Subject")).hasSize(255).startsWith("Task: xxx");
        assertThat(hubSpotTask).containsEntry("Status", "Completed").containsEntry("Priority", "Low")
                .containsEntry("ActivityDate", "2026-11-29");
    }
}
