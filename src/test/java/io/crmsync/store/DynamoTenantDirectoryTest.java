package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.tenant.Tenant;

/** The tenants adapter against dynalite, on the table created from infra/aws-resources.json. */
class DynamoTenantDirectoryTest {

    final LocalAws aws = SharedLocalAws.get();
    DynamoTenantDirectory tenants;

    @BeforeEach
    void emptyTable() {
        aws.reset();
        tenants = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
    }

    @Test
    void resolvesTenantsByIdPortalAndEitherFormOfTheOrgId() {
        Tenant acme = new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.of("ab".repeat(32)));
        Tenant globex = new Tenant("globex", 70000, "00D5g000009AbCdEAK", Optional.empty());
        tenants.save(acme);
        tenants.save(globex);

        assertThat(tenants.byId("acme")).contains(acme);
        assertThat(tenants.byHubSpotPortal(70000)).contains(globex);
        assertThat(tenants.tenantsOnOrg("00D5g000004YzKx")).containsExactly(acme);
        assertThat(tenants.tenantsOnOrg("00D5g000004YzKxEAK")).containsExactly(acme);
        assertThat(tenants.byHubSpotPortal(1)).isEmpty();
        assertThat(tenants.tenantsOnOrg("00D5g000001ZzZzEAK")).isEmpty();
        assertThat(tenants.byId("nobody")).isEmpty();
    }

    @Test
    void theOutboundDoorFindsATenantByItsTokensHashAloneWithTheGrantItHas() {
        String acmeHash = "ab".repeat(32);
        tenants.save(new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.of(acmeHash)));
        tenants.save(new Tenant("globex", 70000, "00D5g000009AbCdEAK", Optional.empty()));
        tenants.save(Tenant.unconnected("initech", Optional.of("cd".repeat(32))));
        // The salesforce-outbound function's own role, as template.yaml grants it.
        var role = aws.iam().credentialsFor("salesforce-outbound");
        try (var asOutbound = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(java.net.URI.create(aws.iam().endpoint("dynamodb")))
                .region(software.amazon.awssdk.regions.Region.of(LocalAws.REGION))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(role.accessKeyId(),
                                role.secretAccessKey())))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            DynamoTenantDirectory outbound = new DynamoTenantDirectory(asOutbound, aws.tableName("TenantsTable"));

            assertThat(outbound.byOutboundTokenSha256(acmeHash)).map(Tenant::id).contains("acme");
            assertThat(outbound.byOutboundTokenSha256("cd".repeat(32))).map(Tenant::id).contains("initech");
            assertThat(outbound.byOutboundTokenSha256("ef".repeat(32))).isEmpty();
            assertThat(outbound.byOutboundTokenSha256("")).isEmpty();
        }
        // One hash held twice (a token registered by hand for two tenants) authenticates nobody, and does not throw.
        tenants.save(new Tenant("globex", 70000, "00D5g000009AbCdEAK", Optional.of(acmeHash)));
        assertThat(tenants.byOutboundTokenSha256(acmeHash)).isEmpty();
    }

    @Test
    void listsEveryRegisteredTenantAcrossScanPagesButNotItemsWithoutAnIdentity() {
        for (int i = 0; i < 30; i++) {
            // ~400 KB each, so dynalite's 1 MB scan pages hold only a few and the scan must follow LastEvaluatedKey.
            tenants.save(new Tenant("t" + i, 1000 + i, "00D5g00000" + String.format("%05d", i) + "EAK",
                    Optional.empty()));
            String padding = "x".repeat(390_000);
            int n = i;
            aws.dynamo().updateItem(b -> b.tableName(aws.tableName("TenantsTable")).key(java.util.Map.of("tenantId",
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("t" + n)))
                    .updateExpression("SET padding = :p").expressionAttributeValues(java.util.Map.of(":p",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(padding))));
        }
        // Settings written for an id that was never registered: no portal, no org.
        aws.dynamo().putItem(b -> b.tableName(aws.tableName("TenantsTable")).item(java.util.Map.of("tenantId",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ghost"))));

        assertThat(tenants.all()).extracting(Tenant::id).hasSize(30).doesNotContain("ghost")
                .contains("t0", "t29");
    }

    @Test
    void twoTenantsOnOnePortalWithoutAClaimAreBothRefusedWithoutAnException() {
        tenants.save(new Tenant("a", 62515, "00D5g000004YzKxEAK", Optional.empty()));
        tenants.save(new Tenant("b", 62515, "00D5g000009AbCdEAK", Optional.empty()));
        // Neither holds the portal's claim: the doors answer as for an unknown tenant rather than 5xx.
        assertThat(tenants.byHubSpotPortal(62515)).isEmpty();
        assertThat(tenants.tenantsOnOrg("00D5g000004YzKxEAK")).extracting(Tenant::id).containsExactly("a");
    }

    @Test
    void reRegisteringATenantKeepsItsSettingsSuspensionAndCursors() {
        tenants.save(new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.of("ab".repeat(32))));
        var aws = io.crmsync.localaws.SharedLocalAws.get();
        String table = aws.tableName("TenantsTable");
        new DynamoTenantSettings(aws.dynamo(), table, new com.fasterxml.jackson.databind.ObjectMapper()).save("acme",
                io.crmsync.tenant.TenantSettings.defaults().withInclusionList("42"));

        tenants.save(new Tenant("acme", 62516, "00D5g000004YzKxEAK", Optional.empty()));

        var item = aws.dynamo().getItem(b -> b.tableName(table).consistentRead(true).key(java.util.Map.of("tenantId",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("acme")))).item();
        assertThat(item).containsKey("settings").doesNotContainKey("outboundTokenSha256");
        assertThat(tenants.byId("acme").orElseThrow().hubSpotPortalId()).isEqualTo(62516);
        assertThat(tenants.byHubSpotPortal(62515)).isEmpty();
    }
}
