package io.crmsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RecordMapperTest {

    @Test
    void mapsTheDefaultContactFieldsOntoLeadFields() {
        Map<String, Object> lead = RecordMapper.toSalesforce(RecommendedMappings.CONTACT_LEAD,
                Map.of("email", " ada@example.com ", "firstname", "Ada", "lastname", "Lovelace", "company", "AE",
                        "phone", "1", "jobtitle", "Countess", "unmapped", "ignored"));
        assertThat(lead).containsKeys("Email", "FirstName", "LastName", "Company", "Phone", "Title").doesNotContainKey("unmapped")
                .containsEntry("Email", "ada@example.com").containsEntry("Title", "Countess");
    }
}
