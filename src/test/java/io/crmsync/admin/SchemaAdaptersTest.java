package io.crmsync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.hubspot.HubSpotSchemaReader;
import io.crmsync.mapping.HubSpotSchema.HubSpotProperty;
import io.crmsync.mapping.MappingsFile.NewHubSpotProperty;
import io.crmsync.mapping.SalesforceSchema.SalesforceField;
import io.crmsync.salesforce.SalesforceDescribeReader;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The metadata adapters against the CRM sandboxes (same application as the mapping-admin function test). */
@QuarkusTest
@TestProfile(MappingAdminFunctionProfile.class)
@SyncStack(reset = {SyncStack.Part.HUBSPOT, SyncStack.Part.SALESFORCE})
class SchemaAdaptersTest {

    @Inject
    HubSpotSchemaReader hubSpotSchema;

    @Inject
    SalesforceDescribeReader salesforceSchema;

    HubSpotSandbox hubSpot;
    SalesforceSandbox salesforce;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot, SalesforceSandbox salesforce) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
    }

    @Test
    void readsHubSpotPropertiesWithTypesOptionsAndReadOnlyValues() {
        List<HubSpotProperty> contact = hubSpotSchema.properties("contact");

        assertThat(contact).extracting(HubSpotProperty::name).contains("email", "lifecyclestage", "hs_object_id");
        assertThat(hubSpotSchema.property("contact", "email").orElseThrow()).isEqualTo(new HubSpotProperty("email",
                "string", "text", List.of(), false, false, false, true));
        assertThat(hubSpotSchema.property("contact", "hs_object_id").orElseThrow().readOnly()).isTrue();
        assertThat(hubSpotSchema.property("contact", "lifecyclestage").orElseThrow().options())
                .startsWith("subscriber", "lead");
        assertThat(hubSpotSchema.property("deal", "dealstage").orElseThrow().fieldType()).isEqualTo("select");
        assertThat(hubSpotSchema.properties("company")).extracting(HubSpotProperty::name).contains("name");
    }

    @Test
    void createsPropertiesInCrmsyncsGroupMadeOnce() {
        hubSpotSchema.createProperty("contact", new NewHubSpotProperty("tier", "Tier", "enumeration", "select",
                List.of(new NewHubSpotProperty.Option("Gold", "gold"), new NewHubSpotProperty.Option("Silver",
                        "silver"))));
        // The group exists now (409): the second creation still succeeds.
        hubSpotSchema.createProperty("contact", new NewHubSpotProperty("nickname", "Nickname", "string", "text",
                List.of()));

        assertThat(hubSpotSchema.property("contact", "tier").orElseThrow()).isEqualTo(new HubSpotProperty("tier",
                "enumeration", "select", List.of("gold", "silver"), false, false, false, false));
        assertThat(hubSpotSchema.property("contact", "nickname")).isPresent();
        assertThatThrownBy(() -> hubSpotSchema.createProperty("contact", new NewHubSpotProperty("nickname",
                "Nickname", "string", "text", List.of()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("409").hasMessageContaining("contact property nickname");
    }

    @Test
    void hubSpotRefusalsSurfaceWithTheirStatus() {
        hubSpot.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(429), Duration.ZERO, 0, 0));
        try {
            assertThatThrownBy(() -> hubSpotSchema.properties("contact")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("429");
        } finally {
            hubSpot.faults().configure(FaultInjector.Settings.none());
        }
    }

    @Test
    void describesSalesforceFieldsAsTheValidatorNeedsThem() {
        List<SalesforceField> lead = salesforceSchema.fields("Lead");

        SalesforceField externalId = field(lead, "HubSpot_Contact_Id__c");
        assertThat(externalId.externalId()).isTrue();
        assertThat(externalId.unique()).isTrue();
        assertThat(externalId.type()).isEqualTo("string");
        assertThat(field(lead, "Email").unique()).isFalse();
        // Every pair's external-ID field is External ID and Unique in the sandbox's describe, as crmsync requires.
        for (io.crmsync.mapping.ObjectPair pair : io.crmsync.mapping.ObjectPair.values()) {
            SalesforceField own = field(salesforceSchema.fields(pair.salesforceObject()), pair.defaultIdField());
            assertThat(own.externalId()).as(pair.name()).isTrue();
            assertThat(own.unique()).as(pair.name()).isTrue();
        }
        assertThat(field(lead, "Name").updateable()).isFalse();
        SalesforceField status = field(lead, "Status");
        assertThat(status.picklistValues()).contains("Open - Not Contacted");
        assertThat(status.nillable()).isFalse();
        assertThat(status.defaultedOnCreate()).isTrue();
        assertThat(field(lead, "OwnerId").referenceTo()).containsExactly("User");
        assertThat(field(lead, "NumberOfEmployees").type()).isEqualTo("int");
    }

    @Test
    void anExpiredSalesforceTokenIsRenewedOnce() {
        salesforceSchema.fields("Account");
        salesforce.expireTokens();

        assertThat(salesforceSchema.fields("Account")).extracting(SalesforceField::name).contains("Name");
    }

    @Test
    void anUnknownSObjectIsAnErrorNamingIt() {
        assertThatThrownBy(() -> salesforceSchema.fields("Invoice__c")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Invoice__c").hasMessageContaining("404");
    }

    private static SalesforceField field(List<SalesforceField> fields, String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }
}
