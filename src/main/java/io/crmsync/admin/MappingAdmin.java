package io.crmsync.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.crmsync.mapping.HubSpotSchema;
import io.crmsync.mapping.MappingError;
import io.crmsync.mapping.MappingPlan;
import io.crmsync.mapping.MappingStore;
import io.crmsync.mapping.MappingValidator;
import io.crmsync.mapping.MappingsYaml;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectMappingKeys;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.PairNames;
import io.crmsync.mapping.SalesforceSchema;
import io.crmsync.sync.IdentityFieldClaims;
import io.crmsync.sync.IdentityFields;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;

/**
 * The mapping admin use case: show a tenant's mappings as mappings.yaml, check a file against both CRMs, show
 * what it would change, and apply it — validate everything, create the missing HubSpot properties, then save.
 * A file with any error changes nothing.
 */
public final class MappingAdmin {

    public enum Action {
        GET, VALIDATE, PLAN, APPLY;

        static Optional<Action> named(String name) {
            if (name == null) {
                return Optional.empty();
            }
            for (Action action : values()) {
                if (action.name().equalsIgnoreCase(name.strip())) {
                    return Optional.of(action);
                }
            }
            return Optional.empty();
        }
    }

    /** Why a call changed nothing, for callers that answer with a status. */
    public enum Failure {
        NONE, BAD_INPUT, UNKNOWN_TENANT,
        /** The mappings changed since they were read or reviewed. */
        CONFLICT,
        /** A CRM's metadata could not be read or a HubSpot property not created. */
        CRM_UNAVAILABLE,
        /** The tenant has not connected a CRM the validation reads: nothing is read with other credentials. */
        NOT_CONNECTED
    }

    /**
     * @param yaml the tenant's mappings as mappings.yaml, for {@code get}
     * @param propertiesCreated HubSpot properties created by {@code apply}
     * @param planId for plan and apply: the fingerprint of the mappings in force, the file and its plan ({@link PlanId}); an
     *        apply that names it as reviewed applies exactly the plan that was shown
     */
    public record Result(List<String> errors, List<String> plan, boolean applied, String yaml,
            int propertiesCreated, String planId, Failure failure) {

        public Result {
            errors = List.copyOf(errors);
            plan = List.copyOf(plan);
        }

        static Result failed(Failure failure, List<String> errors) {
            return new Result(errors, List.of(), false, null, 0, null, failure);
        }
    }

    private final TenantDirectory tenants;
    private final MappingStore store;
    private final HubSpotSchema hubSpot;
    private final MappingValidator validator;
    private final IdentityFields identity;

    /**
     * @param identity the id-field claims: a mapping's {@code salesforceIdField} that another tenant on the same
     *        org holds is refused, and an applied one is claimed for the tenant
     */
    public MappingAdmin(TenantDirectory tenants, MappingStore store, HubSpotSchema hubSpot,
            SalesforceSchema salesforce, IdentityFields identity) {
        this.identity = identity;
        this.tenants = tenants;
        this.store = store;
        this.hubSpot = hubSpot;
        this.validator = new MappingValidator(hubSpot, salesforce);
    }

    public Result handle(String tenantId, String actionName, String yaml) {
        Optional<Action> action = Action.named(actionName);
        if (action.isEmpty()) {
            return Result.failed(Failure.BAD_INPUT, List.of("unknown action \"" + actionName + "\": use get, validate, plan, apply, get-settings, put-settings, get-allocation, put-allocation or reimport"));
        }
        return run(tenantId, action.get(), yaml, Optional.empty());
    }

    /**
     * Applies the file only if {@code reviewedPlanId} is the plan id of the mappings in force and this file: what
     * is applied is what was reviewed. Each pair is then saved on the version the plan was made from, so a change
     * made in between is refused too ({@link Failure#CONFLICT}) rather than overwritten.
     */
    public Result applyReviewed(String tenantId, String yaml, String reviewedPlanId) {
        return run(tenantId, Action.APPLY, yaml, Optional.of(reviewedPlanId));
    }

    private Result run(String tenantId, Action action, String yaml, Optional<String> reviewedPlanId) {
        if (tenantId == null || tenantId.isBlank() || tenants.byId(tenantId).isEmpty()) {
            return Result.failed(Failure.UNKNOWN_TENANT, List.of("unknown tenant \"" + tenantId + "\": register it in the tenants table first"));
        }
        if (action == Action.GET) {
            return new Result(List.of(), List.of(), false, MappingsYaml.render(store.load(tenantId)), 0, null,
                    Failure.NONE);
        }
        if (yaml == null || yaml.isBlank()) {
            return Result.failed(Failure.BAD_INPUT, List.of("yaml is required for " + action.name().toLowerCase(Locale.ROOT)));
        }
        MappingsYaml.Parsed parsed = MappingsYaml.parse(yaml);
        if (!parsed.errors().isEmpty()) {
            return Result.failed(Failure.BAD_INPUT, messages(parsed.errors()));
        }
        MappingValidator.Validation validation;
        try {
            validation = validator.validate(parsed.file().orElseThrow());
        } catch (io.crmsync.crm.TenantNotConnectedException e) {
            return Result.failed(Failure.NOT_CONNECTED, List.of(e.getMessage() + "; connect it first"));
        } catch (RuntimeException e) {
            return Result.failed(Failure.CRM_UNAVAILABLE, List.of("cannot read the CRM metadata: " + e.getMessage()));
        }
        if (!validation.valid()) {
            return Result.failed(Failure.BAD_INPUT, messages(validation.errors()));
        }
        Map<ObjectPair, MappingStore.StoredMapping> current = store.current(tenantId);
        Optional<String> split = splitContactIdFields(current, validation.mappings());
        if (split.isPresent()) {
            return Result.failed(Failure.BAD_INPUT, List.of(split.get()));
        }
        Optional<String> org = tenants.byId(tenantId).map(Tenant::salesforceOrgId).filter(o -> !o.isBlank());
        List<IdentityFieldClaims.Field> fields = identity.ofMappings(tenantId, validation.mappings().values());
        List<String> held = org.map(o -> identity.heldByOthers(tenantId, o, fields)).orElse(List.of()).stream()
                .map(f -> IdentityFields.refusal(f, ObjectMappingKeys.SALESFORCE_ID_FIELD)).toList();
        if (!held.isEmpty()) {
            return Result.failed(Failure.BAD_INPUT, held);
        }
        Map<ObjectPair, ObjectMapping> inForce = new java.util.EnumMap<>(ObjectPair.class);
        current.forEach((pair, stored) -> inForce.put(pair, stored.mapping()));
        List<String> plan = MappingPlan.between(inForce, validation.mappings(), validation.creations());
        String planId = PlanId.of(current, yaml, plan);
        if (action != Action.APPLY) {
            return new Result(List.of(), plan, false, null, 0, planId, Failure.NONE);
        }
        if (reviewedPlanId.isPresent() && !reviewedPlanId.get().equals(planId)) {
            return new Result(List.of("reviewed: plan " + reviewedPlanId.get() + " is not the plan of this file"
                    + " against the mappings in force now (they changed since, or the file differs); review this"
                    + " plan, " + planId + ", and apply it"), plan, false, null, 0, planId, Failure.CONFLICT);
        }
        if (org.isPresent()) {
            // Claimed before anything is saved; of two tenants racing for one field, the loser saves nothing.
            List<String> lost = identity.claim(tenantId, org.get(), fields).stream()
                    .map(f -> IdentityFields.refusal(f, ObjectMappingKeys.SALESFORCE_ID_FIELD)).toList();
            if (!lost.isEmpty()) {
                return new Result(lost, plan, false, null, 0, planId, Failure.CONFLICT);
            }
        }
        return apply(tenantId, validation, current, plan, planId);
    }

    private Result apply(String tenantId, MappingValidator.Validation validation,
            Map<ObjectPair, MappingStore.StoredMapping> current, List<String> plan, String planId) {
        int created = 0;
        for (MappingValidator.PropertyCreation creation : validation.creations()) {
            try {
                hubSpot.createProperty(creation.objectType(), creation.property());
                created++;
            } catch (RuntimeException e) {
                return new Result(List.of("cannot create HubSpot property " + creation.objectType() + "."
                        + creation.property().name() + ": " + e.getMessage() + "; no mapping was saved"), plan, false,
                        null, created, planId, Failure.CRM_UNAVAILABLE);
            }
        }
        List<String> saved = new ArrayList<>();
        for (ObjectMapping mapping : validation.mappings().values()) {
            MappingStore.StoredMapping before = current.get(mapping.pair());
            try {
                store.save(tenantId, mapping, before == null ? 0 : before.version());
                saved.add(PairNames.of(mapping.pair()));
            } catch (MappingStore.ConcurrentChangeException e) {
                // Earlier pairs are saved and stay valid on their own; say exactly which.
                return new Result(List.of(e.getMessage() + (saved.isEmpty() ? "" : "; already saved: "
                        + String.join(", ", saved))), plan, false, null, created, planId, Failure.CONFLICT);
            }
        }
        return new Result(List.of(), plan, true, null, created, planId, Failure.NONE);
    }

    /**
     * A converted Lead's Contact keeps the HubSpot id only in a field of the same name (Lead conversion carries a
     * custom field to the Contact field of its name), so Lead and Contact must use one id field name.
     */
    private static Optional<String> splitContactIdFields(Map<ObjectPair, MappingStore.StoredMapping> current,
            Map<ObjectPair, ObjectMapping> proposed) {
        String lead = idField(ObjectPair.CONTACT_LEAD, current, proposed);
        String contact = idField(ObjectPair.CONTACT_CONTACT, current, proposed);
        if (lead.equals(contact)) {
            return Optional.empty();
        }
        return Optional.of(ObjectMappingKeys.SALESFORCE_ID_FIELD + ": contact_lead would use " + lead
                + " and contact_contact " + contact + "; they must be one field name on both objects, or a"
                + " converted Lead's Contact loses its HubSpot id (set both in one file)");
    }

    private static String idField(ObjectPair pair, Map<ObjectPair, MappingStore.StoredMapping> current,
            Map<ObjectPair, ObjectMapping> proposed) {
        ObjectMapping mapping = proposed.containsKey(pair) ? proposed.get(pair)
                : Optional.ofNullable(current.get(pair)).map(MappingStore.StoredMapping::mapping).orElse(null);
        return mapping == null ? pair.defaultIdField() : mapping.salesforceIdField();
    }

    private static List<String> messages(List<MappingError> errors) {
        return errors.stream().map(MappingError::message).toList();
    }
}
