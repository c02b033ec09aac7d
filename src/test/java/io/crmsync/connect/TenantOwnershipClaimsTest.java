package io.crmsync.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.tenant.Tenant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Ownership of a HubSpot portal or a Salesforce org is decided by conditional writes on claim items, against
 * dynalite: racing connects end with one winner, lookups never throw on duplicates, claims follow reconnects and
 * survive a crash between claim and registration.
 */
class TenantOwnershipClaimsTest {

    static final int TENANTS = 8;
    static final int ROUNDS = 20;
    static final String ORG_TAKEN = "is already connected to another tenant";
    static final String PORTAL_TAKEN = "is already connected to another crmsync tenant; each HubSpot account can"
            + " belong to one tenant only";

    final LocalAws aws = SharedLocalAws.get();
    final List<DynamoDbClient> clients = new ArrayList<>();
    DynamoTenantDirectory table;
    HubSpotTenantPortals portals;

    @BeforeEach
    void emptyTable() {
        aws.reset();
        table = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
        portals = new HubSpotTenantPortals(table);
    }

    @AfterEach
    void close() {
        clients.forEach(DynamoDbClient::close);
    }

    @Test
    void racingConnectsOfOnePortalAndOneOrgEndWithOneWinnerEachAndClearRefusals() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(TENANTS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                long portal = 9_000_000L + round;
                String org = String.format("00D5g%010dEAK", round);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < TENANTS; i++) {
                    ids.add("r" + round + "-t" + i);
                    assertThat(table.createIfAbsent(Tenant.unconnected(ids.get(i), Optional.empty()))).isTrue();
                }
                CyclicBarrier start = new CyclicBarrier(TENANTS);
                List<String> portalWinners = new CopyOnWriteArrayList<>();
                List<String> orgWinners = new CopyOnWriteArrayList<>();
                List<String> refusals = new CopyOnWriteArrayList<>();
                List<Future<?>> connects = new ArrayList<>();
                for (String id : ids) {
                    connects.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        // HubSpotConnector's steps: the tenant's current account, then assign.
                        if (portals.portalOf(id).isEmpty()) {
                            try {
                                portals.assign(id, portal);
                                portalWinners.add(id);
                            } catch (ConnectException e) {
                                refusals.add(e.getMessage());
                            }
                        }
                        // SalesforceConnector's step: register the org, which any number of tenants may share.
                        if (table.registerSalesforceOrg(table.byId(id).orElseThrow(), org)) {
                            orgWinners.add(id);
                        }
                        return null;
                    }));
                }
                for (Future<?> connect : connects) {
                    connect.get(30, TimeUnit.SECONDS);
                }

                assertThat(portalWinners).as("round %d", round).hasSize(1);
                assertThat(orgWinners).as("round %d: an org is shared", round).hasSize(TENANTS);
                assertThat(refusals).hasSize(TENANTS - 1)
                        .allMatch(m -> m.equals("HubSpot account " + portal + " " + PORTAL_TAKEN));
                assertThat(table.byHubSpotPortal(portal)).map(Tenant::id).contains(portalWinners.get(0));
                assertThat(table.tenantsOnOrg(org)).extracting(Tenant::id)
                        .containsExactlyInAnyOrderElementsOf(orgWinners);
                assertThat(table.registered()).filteredOn(t -> t.hubSpotPortalId() == portal).extracting(Tenant::id)
                        .containsExactly(portalWinners.get(0));
                assertThat(table.registered()).filteredOn(t -> t.salesforceOrgId().equals(org)).hasSize(TENANTS);
            }
        } finally {
            pool.shutdownNow();
        }
        // Claim items are no tenants: in no scan, and no lookup by id finds them.
        assertThat(table.registered()).hasSize(TENANTS * ROUNDS);
        assertThat(table.registered()).allMatch(t -> t.id().matches("r\\d+-t\\d"));
        assertThat(table.all()).allMatch(t -> t.id().matches("r\\d+-t\\d")).hasSize(countConnectedToBoth());
        assertThat(table.byId("claim#hubspot-portal#9000000")).isEmpty();
    }

    private int countConnectedToBoth() {
        return (int) table.registered().stream().filter(t -> t.hubSpotConnected() && t.salesforceConnected()).count();
    }

    @Test
    void duplicatesFromBeforeClaimsAnswerTheClaimHolderOrNobodyAndNeverThrow() {
        // Two tenants saved by hand with one portal and one org: neither holds a claim.
        table.save(new Tenant("a", 62515, "00D5g000004YzKxEAK", Optional.empty()));
        table.save(new Tenant("b", 62515, "00D5g000004YzKxEAK", Optional.empty()));

        // Through the hubspot-webhook door's own role, which may only Query the indexes.
        DynamoTenantDirectory door = new DynamoTenantDirectory(asFunction("hubspot-webhook", null),
                aws.tableName("TenantsTable"));
        assertThat(door.byHubSpotPortal(62515)).isEmpty();
        assertThat(door.byHubSpotPortal(62515)).isEmpty();
        assertThat(door.tenantsOnOrg("00D5g000004YzKx")).extracting(Tenant::id).containsExactly("a", "b");

        // Neither may take the portal while the other is on the index; a third tenant neither.
        table.createIfAbsent(Tenant.unconnected("c", Optional.empty()));
        assertThatThrownBy(() -> portals.assign("c", 62515)).hasMessageEndingWith(PORTAL_TAKEN);

        // A portal claimed and registered by one tenant, then saved by hand for another: the holder is answered.
        table.createIfAbsent(Tenant.unconnected("d", Optional.empty()));
        portals.assign("d", 70000);
        assertThat(table.registerSalesforceOrg(table.byId("d").orElseThrow(), "00D5g000009AbCdEAK")).isTrue();
        table.save(new Tenant("e", 70000, "00D5g000009AbCdEAK", Optional.empty()));
        assertThat(door.byHubSpotPortal(70000)).map(Tenant::id).contains("d");
        assertThat(door.tenantsOnOrg("00D5g000009AbCd")).extracting(Tenant::id).containsExactly("d", "e");
    }

    @Test
    void anOrgIsSharedAndReconnectingToAnotherOrgMovesTheTenant() {
        table.createIfAbsent(Tenant.unconnected("acme", Optional.empty()));
        table.createIfAbsent(Tenant.unconnected("globex", Optional.empty()));
        String first = "00D5g000004YzKxEAK";
        String second = "00D5g000009AbCdEAK";
        assertThat(table.registerSalesforceOrg(table.byId("acme").orElseThrow(), first)).isTrue();
        assertThat(table.registerSalesforceOrg(table.byId("globex").orElseThrow(), first)).isTrue();
        assertThat(table.tenantsOnOrg("00D5g000004YzKx")).extracting(Tenant::id).containsExactly("acme", "globex");

        assertThat(table.registerSalesforceOrg(table.byId("acme").orElseThrow(), second)).isTrue();
        assertThat(table.tenantsOnOrg(second)).extracting(Tenant::id).containsExactly("acme");
        assertThat(table.tenantsOnOrg(first)).extracting(Tenant::id).containsExactly("globex");
        assertThat(table.registerSalesforceOrg(Tenant.unconnected("nobody", Optional.empty()), first)).isFalse();
        assertThat(table.byId("nobody")).isEmpty();
    }

    @Test
    void aConnectThatStoppedAfterItsClaimIsCompletedByItsRetryAndKeepsOthersOut() {
        table.createIfAbsent(Tenant.unconnected("acme", Optional.empty()));
        table.createIfAbsent(Tenant.unconnected("globex", Optional.empty()));
        String org = "00D5g000004YzKxEAK";
        // The claims were written, then the connects stopped before registering the accounts.
        assertThat(table.claimHubSpotPortal("acme", 62515)).isTrue();
        assertThat(table.byHubSpotPortal(62515)).isEmpty();

        assertThatThrownBy(() -> portals.assign("globex", 62515)).hasMessageEndingWith(PORTAL_TAKEN);

        portals.assign("acme", 62515);
        assertThat(table.registerSalesforceOrg(table.byId("acme").orElseThrow(), org)).isTrue();
        assertThat(table.byHubSpotPortal(62515)).map(Tenant::id).contains("acme");
        assertThat(table.tenantsOnOrg(org)).extracting(Tenant::id).containsExactly("acme");
        assertThat(table.byId("globex")).contains(Tenant.unconnected("globex", Optional.empty()));
    }

    @Test
    void anUnknownTenantsClaimIsGivenBack() {
        assertThatThrownBy(() -> portals.assign("nobody", 62515)).isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("There is no tenant nobody");
        table.createIfAbsent(Tenant.unconnected("acme", Optional.empty()));
        portals.assign("acme", 62515);
        assertThat(table.byHubSpotPortal(62515)).map(Tenant::id).contains("acme");
        assertThat(table.byId("nobody")).isEmpty();
    }

    /** DynamoDB calls of one connect through the connecting functions' own roles, as template.yaml grants them. */
    @Test
    void aConnectMakesTheseCallsWithTheConnectingFunctionsGrants() {
        table.createIfAbsent(Tenant.unconnected("acme", Optional.empty()));
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        DynamoTenantDirectory asAdmin = new DynamoTenantDirectory(asFunction("admin-api", calls),
                aws.tableName("TenantsTable"));
        HubSpotTenantPortals adminPortals = new HubSpotTenantPortals(asAdmin);

        // HubSpotConnector.connectPrivateApp: portalOf, then claim (portalOf, assign).
        adminPortals.portalOf("acme");
        adminPortals.portalOf("acme");
        adminPortals.assign("acme", 62515);
        System.out.println("HubSpot first connect, DynamoDB calls: " + calls);
        assertThat(calls.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(5);

        calls.clear();
        DynamoTenantDirectory asCallback = new DynamoTenantDirectory(asFunction("oauth-callback", calls),
                aws.tableName("TenantsTable"));
        // SalesforceConnector.connectJwtBearer: requireTenant, then connected (requireTenant, register, the org's
        // other tenants for the shared-org advice).
        asCallback.byId("acme");
        assertThat(asCallback.registerSalesforceOrg(asCallback.byId("acme").orElseThrow(), "00D5g000004YzKxEAK"))
                .isTrue();
        asCallback.tenantsOnOrg("00D5g000004YzKxEAK");
        System.out.println("Salesforce first connect, DynamoDB calls: " + calls);
        assertThat(calls.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(4);

        calls.clear();
        assertThat(asCallback.registerSalesforceOrg(asCallback.byId("acme").orElseThrow(), "00D5g000009AbCdEAK"))
                .isTrue();
        asCallback.tenantsOnOrg("00D5g000009AbCdEAK");
        System.out.println("Salesforce connect to another org (read, register, the org's tenants): " + calls);
        assertThat(asCallback.tenantsOnOrg("00D5g000009AbCdEAK")).extracting(Tenant::id).containsExactly("acme");
    }

    /** A DynamoDB client with the function's role from template.yaml, counting its calls by operation. */
    private DynamoDbClient asFunction(String export, Map<String, AtomicInteger> calls) {
        var role = aws.iam().credentialsFor(export);
        var builder = DynamoDbClient.builder().endpointOverride(URI.create(aws.iam().endpoint("dynamodb")))
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(role.accessKeyId(), role.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create());
        if (calls != null) {
            builder.overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                @Override
                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                    calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                            k -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        DynamoDbClient client = builder.build();
        clients.add(client);
        return client;
    }
}
