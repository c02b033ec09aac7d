package io.crmsync.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class WeightsTest {

    final Weights weights = Weights.CRM_RULES;

    @Test
    void everyRestCallCostsOneWhateverItCarries() {
        assertThat(weights.weightOf("salesforce PATCH /services/data/v62.0/composite/sobjects")).isEqualTo(1);
        assertThat(weights.weightOf("salesforce GET /services/data/v62.0/query")).isEqualTo(1);
        assertThat(weights.weightOf("salesforce GET /services/data/v62.0/limits")).isEqualTo(1);
        assertThat(weights.weightOf("hubspot POST /crm/v3/objects/contacts/batch/read")).isEqualTo(1);
        assertThat(weights.weightOf("hubspot POST /crm/v3/objects/contacts/search")).isEqualTo(1);
        assertThat(weights.weightOf("hubspot GET /crm/v3/objects/contacts/{id}")).isEqualTo(1);
    }

    @Test
    void tokenCallsCostNothing() {
        assertThat(weights.weightOf("salesforce POST /services/oauth2/token")).isZero();
        assertThat(weights.weightOf("hubspot POST /oauth/v1/token")).isZero();
    }

    @Test
    void theCostOfACallCountSnapshotIsPerCrm() {
        CrmCalls calls = new CrmCalls();
        calls.record("POST", "/services/oauth2/token");
        calls.record("PATCH", "/services/data/v62.0/composite/sobjects");
        calls.record("PATCH", "/services/data/v62.0/composite/sobjects");
        calls.record("GET", "/services/data/v62.0/sobjects/Lead/00Q000000000001AAA");
        calls.record("POST", "/crm/v3/objects/contacts/batch/read");
        Map<String, Long> snapshot = calls.snapshot();
        assertThat(weights.costOf(Crm.SALESFORCE, snapshot)).isEqualTo(3);
        assertThat(weights.costOf(Crm.HUBSPOT, snapshot)).isEqualTo(1);
    }

    @Test
    void weightsCannotBeNegative() {
        assertThatThrownBy(() -> new Weights(Map.of("hubspot GET /x", -1), 1)).hasMessageContaining("less than nothing");
        assertThatThrownBy(() -> new Weights(Map.of(), -1)).hasMessageContaining("less than nothing");
    }
}
