package io.crmsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SharedOrgBenchmarkTest {

    @Test
    void anotherPortalsReadsAreNotCountedAsWrites() {
        SandboxCalls calls = new SandboxCalls(Map.of(
                SharedOrgBenchmark.portalEndpoint(2, "POST /crm/v3/objects/{objectType}/batch/read"), 5L,
                SharedOrgBenchmark.portalEndpoint(2, "POST /crm/v3/objects/{objectType}/batch/update"), 2L,
                SharedOrgBenchmark.portalEndpoint(3, "GET /crm/v3/owners"), 1L));

        assertThat(calls.writes()).isEqualTo(2);
        assertThat(calls.total()).isEqualTo(8);
    }

    @Test
    void theFirstPortalStampsTheDefaultFieldsAndTheOthersTheirOwn() {
        assertThat(SharedOrgBenchmark.idField(1, "Contact")).isEqualTo("HubSpot_Contact_Id__c");
        assertThat(SharedOrgBenchmark.idField(3, "Contact")).isEqualTo("HubSpot_P3_Contact_Id__c");
        assertThat(SharedOrgBenchmark.tenant(1)).isEqualTo("local");
        assertThat(SharedOrgBenchmark.tenant(2)).isEqualTo("portal-2");
    }
}
