package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.crm.Side;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.Tenant;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Tenant settings on the tenants table, against dynalite. */
class DynamoTenantSettingsTest {

    final LocalAws aws = SharedLocalAws.get();

    @BeforeEach
    void registerTenant() {
        aws.reset();
        new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"))
                .save(new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.empty()));
    }

    DynamoTenantSettings settings() {
        return new DynamoTenantSettings(aws.dynamo(), aws.tableName("TenantsTable"), new ObjectMapper());
    }

    @Test
    void aTenantWithoutSettingsGetsHubSpotsDefaults() {
        assertThat(settings().settings("acme")).isEqualTo(TenantSettings.defaults());
    }

    @Test
    void savedSettingsAreReadBack() {
        TenantSettings chosen = new TenantSettings(TenantSettings.SalesforceToHubSpot.DO_NOTHING,
                TenantSettings.HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT, false, Side.HUBSPOT);
        settings().save("acme", chosen);
        assertThat(settings().settings("acme")).isEqualTo(chosen);
        assertThatThrownBy(() -> settings().save("nobody", chosen)).isInstanceOf(ConditionalCheckFailedException.class);

        TenantSettings withDeals = chosen.withInclusionList("42").withDeals(true, Map.of("default", "012000000000001AAA"),
                Map.of("closedwon", "Closed Won"));
        settings().save("acme", withDeals);
        assertThat(settings().settings("acme")).isEqualTo(withDeals);
        assertThat(settings().settings("acme").inclusionList()).contains("42");
    }

    @Test
    void partialOrBrokenSettingsFallBackToTheDefaultsField() {
        aws.dynamo().updateItem(b -> b.tableName(aws.tableName("TenantsTable"))
                .key(Map.of("tenantId", AttributeValue.fromS("acme"))).updateExpression("SET settings = :s")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("{\"companySync\":false}"))));
        TenantSettings partial = settings().settings("acme");
        assertThat(partial.companySync()).isFalse();
        assertThat(partial.hubSpotToSalesforce()).isEqualTo(TenantSettings.defaults().hubSpotToSalesforce());

        aws.dynamo().updateItem(b -> b.tableName(aws.tableName("TenantsTable"))
                .key(Map.of("tenantId", AttributeValue.fromS("acme"))).updateExpression("SET settings = :s")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("{not json"))));
        assertThat(settings().settings("acme")).isEqualTo(TenantSettings.defaults());
    }
}
