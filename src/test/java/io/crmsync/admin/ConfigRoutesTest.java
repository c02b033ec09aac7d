package io.crmsync.admin;

import static io.crmsync.admin.AdminRequests.body;
import static io.crmsync.admin.AdminRequests.errors;
import static io.crmsync.admin.AdminRequests.get;
import static io.crmsync.admin.AdminRequests.json;
import static io.crmsync.admin.AdminRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.crmsync.adminhttp.AdminRoute;
import io.crmsync.adminhttp.AdminRouter;
import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.Reservation;
import io.crmsync.budget.Usage;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.mapping.HubSpotSchema;
import io.crmsync.mapping.MappingStore;
import io.crmsync.mapping.MappingsFile;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.mapping.SalesforceSchema;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.Tenant;

/**
 * Configuration routes on the real use cases over in-memory ports: status codes, shapes and bad input. Plans and
 * applies against real CRM metadata are in {@link AdminApiFunctionTest}.
 */
class ConfigRoutesTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    final InMemoryTenants tenants = new InMemoryTenants().with(Tenant.unconnected("acme", Optional.empty()))
            .with(new Tenant("initech", 777, "00D5g000004YzKxEAK", Optional.empty()));
    final Map<String, TenantSettings> settings = new HashMap<>();
    final Map<Crm, Allocation> allocations = new EnumMap<>(Crm.class);
    final List<String> restarted = new java.util.ArrayList<>();

    /** Metadata that cannot be read: HubSpot is down. */
    final HubSpotSchema hubSpot = new HubSpotSchema() {
        @Override
        public List<HubSpotProperty> properties(String objectType) {
            throw new IllegalStateException("HubSpot GET properties answered 503");
        }

        @Override
        public void createProperty(String objectType, MappingsFile.NewHubSpotProperty property) {
            throw new AssertionError("nothing is created here");
        }
    };
    final SalesforceSchema salesforce = sObject -> {
        throw new IllegalStateException("Salesforce describe answered 503");
    };

    final MappingStore presets = new MappingStore() {
        @Override
        public Map<ObjectPair, StoredMapping> current(String tenantId) {
            Map<ObjectPair, StoredMapping> current = new EnumMap<>(ObjectPair.class);
            RecommendedMappings.ALL.forEach(m -> current.put(m.pair(), new StoredMapping(m, 0)));
            return current;
        }

        @Override
        public void save(String tenantId, ObjectMapping mapping, long expectedVersion) {
            throw new AssertionError("nothing is saved here");
        }
    };

    final Ledger ledger = new Ledger() {
        @Override
        public Reservation reserve(String tenantId, Crm crm, int calls, Instant now) {
            throw new AssertionError("the admin reserves nothing");
        }

        @Override
        public void observe(String tenantId, Crm crm, long orgUsed, long orgLimit, Instant now) {
        }

        @Override
        public Usage usage(String tenantId, Crm crm, Instant now) {
            Optional<Allocation> allocation = Optional.ofNullable(allocations.get(crm));
            OptionalLong calls = allocation.map(Allocation::callsPerDay).orElse(OptionalLong.empty());
            return new Usage(crm, now, 7, allocation, calls, calls.isPresent() ? OptionalLong.of(calls.getAsLong() - 7)
                    : OptionalLong.empty(), new TreeMap<>(), Optional.empty());
        }

        @Override
        public void setAllocation(String tenantId, Allocation allocation) {
            allocations.put(allocation.crm(), allocation);
        }

        @Override
        public Optional<Allocation> allocation(String tenantId, Crm crm) {
            return Optional.ofNullable(allocations.get(crm));
        }
    };

    final io.crmsync.sync.MemoryIdentityFieldClaims claims = new io.crmsync.sync.MemoryIdentityFieldClaims();

    io.crmsync.sync.IdentityFields identity() {
        return new io.crmsync.sync.IdentityFields(presets, id -> settings.getOrDefault(id, TenantSettings.defaults()),
                claims);
    }

    final AdminRouter router = new AdminRouter(List.of(new ConfigRoutes(tenants,
            new SettingsAdmin(tenants, id -> settings.getOrDefault(id, TenantSettings.defaults()), settings::put,
                    hubSpot, salesforce, (tenant, list, ids) -> java.util.Set.of(), identity()),
            new AllocationAdmin(tenants, ledger, new io.crmsync.budget.UsageHistory() {
                @Override
                public java.util.SortedMap<Instant, Long> callsPerHour(String tenantId, Crm crm, Instant from,
                        Instant to) {
                    return new java.util.TreeMap<>();
                }

                /** Initech's org was seen with a daily limit of 1,000 calls. */
                @Override
                public Optional<io.crmsync.budget.OrgObservation> lastObservation(String tenantId, Crm crm) {
                    return tenantId.equals("initech") && crm == Crm.SALESFORCE
                            ? Optional.of(new io.crmsync.budget.OrgObservation(10, 1_000, 0, NOW, "2026112910"))
                            : Optional.empty();
                }
            }, (tenant, l) -> {
                throw new AssertionError("no share is set here");
            }, Clock.fixed(NOW, ZoneOffset.UTC)),
            new MappingAdmin(tenants, presets, hubSpot, salesforce, identity()),
            id -> {
                restarted.add(id);
                return List.of("hubspot|contact");
            }, AdminRequests.HTTP)), AdminRequests.HTTP);

    @Test
    void everyTenantRouteAnswers404ForAnUnknownTenant() {
        for (AdminRoute route : ConfigRoutes.ROUTES) {
            if (!route.template().contains("{id}")) {
                continue;
            }
            HttpResponseEvent answer = router.handle(json(route.method(), route.template().replace("{id}", "nobody"),
                    "{}"));
            assertThat(answer.statusCode()).as(route.toString()).isEqualTo(404);
            assertThat(errors(answer)).as(route.toString()).containsExactly(
                    "unknown tenant \"nobody\": create it with POST /tenants");
        }
        assertThat(restarted).isEmpty();
    }

    @Test
    void settingsAreShownAndChangedKeyByKey() {
        assertThat(body(router.handle(get("/tenants/acme/settings"))).path("settings").path("dealSync").asBoolean(true))
                .isFalse();

        HttpResponseEvent changed = router.handle(json("PUT", "/tenants/acme/settings", "{\"dealSync\": true}"));

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(body(changed).path("applied").asBoolean()).isTrue();
        assertThat(body(changed).path("settings").path("dealSync").asBoolean()).isTrue();
        assertThat(settings.get("acme").dealSync()).isTrue();
        assertThat(body(router.handle(get("/tenants/acme/settings"))).path("settings").path("companySync").asBoolean())
                .isTrue();
    }

    @Test
    void badSettingsAre400AndChangeNothing() {
        HttpResponseEvent refused = router.handle(json("PUT", "/tenants/acme/settings",
                "{\"dealSync\": \"yes\", \"colour\": \"blue\"}"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(errors(refused)).contains("dealSync: must be true or false")
                .anyMatch(e -> e.startsWith("colour: unknown setting"));
        assertThat(errors(router.handle(json("PUT", "/tenants/acme/settings", "dealSync=true"))))
                .singleElement().asString().startsWith("body: not valid JSON");
        assertThat(errors(router.handle(json("PUT", "/tenants/acme/settings", "[]"))))
                .containsExactly("body: must be a JSON object, not array");
        assertThat(settings).isEmpty();
    }

    @Test
    void allocationsAreShownAndSet() {
        HttpResponseEvent set = router.handle(json("PUT", "/tenants/acme/allocation",
                "{\"hubspot\": {\"callsPerDay\": 40000, \"timeZone\": \"America/New_York\"}}"));

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(allocations.get(Crm.HUBSPOT).callsPerDay()).hasValue(40000);
        var shown = body(router.handle(get("/tenants/acme/allocation"))).path("allocation");
        assertThat(shown.path("hubspot").path("callsPerDay").asLong()).isEqualTo(40000);
        assertThat(shown.path("hubspot").path("usedInWindow").asLong()).isEqualTo(7);
        assertThat(shown.path("hubspot").path("timeZone").asText()).isEqualTo("America/New_York");

        HttpResponseEvent refused = router.handle(json("PUT", "/tenants/acme/allocation",
                "{\"hubspot\": {\"shareOfOrgLimit\": 0.5}, \"zoho\": {}}"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(errors(refused)).containsExactlyInAnyOrder(
                "hubspot: shareOfOrgLimit applies to Salesforce's org limit only; give callsPerDay",
                "zoho: unknown CRM; use salesforce or hubspot");
    }

    @Test
    void aSalesforceAllocationOverTheOrgsLimitIsAConflict() {
        HttpResponseEvent refused = router.handle(json("PUT", "/tenants/initech/allocation",
                "{\"salesforce\": {\"callsPerDay\": 1001}}"));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(errors(refused)).containsExactly("salesforce: 1001 calls per day for initech is more than its"
                + " org's daily limit of 1000; nothing was saved");
        assertThat(allocations).isEmpty();

        assertThat(router.handle(json("PUT", "/tenants/initech/allocation",
                "{\"salesforce\": {\"callsPerDay\": 1000}}")).statusCode()).isEqualTo(200);
        assertThat(allocations.get(Crm.SALESFORCE).callsPerDay()).hasValue(1000);
    }

    @Test
    void theRecommendedPresetAndTheTenantsMappingsAreYamlInJsonOrAsIs() {
        String preset = body(router.handle(get("/mappings/recommended"))).path("yaml").asText();
        assertThat(preset).contains("contact_lead:", "company_account:", "- hubspot: email");

        HttpResponseEvent raw = router.handle(AdminRequests.withHeader(get("/tenants/acme/mappings"), "accept",
                "application/yaml"));
        assertThat(raw.headers()).containsEntry("content-type", "application/yaml");
        assertThat(raw.body()).isEqualTo(preset);
        assertThat(body(router.handle(get("/tenants/acme/mappings"))).path("tenantId").asText()).isEqualTo("acme");
    }

    @Test
    void mappingsFilesNeedAYamlBodyAndApplyNeedsTheReviewedPlan() {
        assertThat(errors(router.handle(request("POST", "/tenants/acme/mappings/plan", "text/csv", "a,b"))))
                .containsExactly("content-type: text/csv is not accepted; send the file as application/yaml, or JSON"
                        + " {\"yaml\": \"…\"}");
        assertThat(errors(router.handle(json("POST", "/tenants/acme/mappings/validate", "{\"file\": \"x\"}"))))
                .containsExactly("yaml: required, the content of mappings.yaml as a string");
        assertThat(errors(router.handle(request("POST", "/tenants/acme/mappings/plan", "application/yaml", " "))))
                .containsExactly("body: the content of mappings.yaml is required");
        assertThat(errors(router.handle(json("POST", "/tenants/acme/mappings/apply",
                "{\"yaml\": \"contact_lead:\\n  preset: recommended\\n\"}")))).containsExactly(
                        "reviewed: required — POST the same file to /tenants/acme/mappings/plan, review the plan, and"
                                + " send its planId as reviewed");
        assertThat(errors(router.handle(json("POST", "/tenants/acme/mappings/apply",
                "{\"yaml\": \"contact_lead:\\n  preset: recommended\\n\", \"reviewed\": 12}")))).containsExactly(
                        "reviewed: must be the planId string the plan answered");
        HttpResponseEvent unparsable = router.handle(request("POST", "/tenants/acme/mappings/validate",
                "application/yaml", "contact_lead: ["));
        assertThat(unparsable.statusCode()).isEqualTo(400);
        assertThat(errors(unparsable)).singleElement().asString().startsWith("line ").contains("not valid YAML");
    }

    @Test
    void metadataThatCannotBeReadIs502() {
        HttpResponseEvent answer = router.handle(request("POST", "/tenants/acme/mappings/plan", "application/yaml",
                "contact_lead:\n  preset: recommended\n"));

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(errors(answer)).singleElement().asString().startsWith("cannot read the CRM metadata");
    }

    @Test
    void reimportRemovesTheCursors() {
        HttpResponseEvent answer = router.handle(json("POST", "/tenants/acme/reimport", null));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(body(answer).path("cursorsRemoved").get(0).asText()).isEqualTo("hubspot|contact");
        assertThat(restarted).containsExactly("acme");
    }
}
