package io.crmsync.sandbox.hubspot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.hubspot.PropertyDefinition.Group;
import io.crmsync.sandbox.hubspot.PropertyDefinition.Option;

/** {@code /crm/v3/properties/{objectType}}: list, read and create properties and property groups. */
final class PropertiesApi {

    private static final String ROOT = "/crm/v3/properties/{objectType}";

    private final HubSpotPortal portal;

    PropertiesApi(HubSpotPortal portal) {
        this.portal = portal;
    }

    void register(Router router, Handler.Filter filter) {
        router.get(ROOT, ((Handler) this::list).with(filter))
                .post(ROOT, ((Handler) this::create).with(filter))
                .get(ROOT + "/{propertyName}", ((Handler) this::read).with(filter))
                .get(ROOT + "/groups", ((Handler) this::listGroups).with(filter))
                .post(ROOT + "/groups", ((Handler) this::createGroup).with(filter));
    }

    private SandboxResponse list(SandboxRequest request) {
        HubSpotObjectType type = portal.typeFor(request.pathParam("objectType"));
        return SandboxResponse.json(200, Map.of("results",
                portal.properties().all(type).stream().map(PropertiesApi::property).toList()));
    }

    private SandboxResponse read(SandboxRequest request) {
        HubSpotObjectType type = portal.typeFor(request.pathParam("objectType"));
        String name = request.pathParam("propertyName");
        return portal.properties().find(type, name).map(p -> SandboxResponse.json(200, property(p)))
                .orElseGet(() -> HubSpotErrors.error(404, "OBJECT_NOT_FOUND",
                        "Unable to find property " + name + " for object type " + type.typeId()));
    }

    private SandboxResponse create(SandboxRequest request) {
        HubSpotObjectType type = portal.typeFor(request.pathParam("objectType"));
        JsonNode body = HubSpotJson.readObject(request);
        for (String required : List.of("name", "label", "type", "fieldType", "groupName")) {
            if (!body.path(required).isTextual() || body.path(required).asText().isBlank()) {
                return HubSpotErrors.error(400, "VALIDATION_ERROR", "Invalid input JSON: " + required + " is required.",
                        Map.of("missingField", List.of(required)));
            }
        }
        List<Option> options = new ArrayList<>();
        int order = 0;
        for (JsonNode option : body.path("options")) {
            options.add(new Option(option.path("label").asText(""), option.path("value").asText(""),
                    option.path("displayOrder").asInt(order++), option.path("hidden").asBoolean(false)));
        }
        PropertyDefinition requested = new PropertyDefinition(body.path("name").asText(), body.path("label").asText(),
                body.path("type").asText(), body.path("fieldType").asText(), body.path("groupName").asText(),
                body.path("description").asText(""), options, body.path("hasUniqueValue").asBoolean(false), false,
                false, false, body.path("displayOrder").asInt(-1), portal.clock().instant());
        PropertyRegistry.Creation<PropertyDefinition> result = portal.properties().create(type, requested);
        if (result instanceof PropertyRegistry.Creation.Created<PropertyDefinition> created) {
            return SandboxResponse.json(201, property(created.created()));
        }
        if (result instanceof PropertyRegistry.Creation.Conflict<PropertyDefinition> conflict) {
            return HubSpotErrors.error(409, "OBJECT_ALREADY_EXISTS", conflict.message());
        }
        return HubSpotErrors.validation(((PropertyRegistry.Creation.Invalid<PropertyDefinition>) result).message());
    }

    private SandboxResponse listGroups(SandboxRequest request) {
        HubSpotObjectType type = portal.typeFor(request.pathParam("objectType"));
        return SandboxResponse.json(200, Map.of("results",
                portal.properties().groups(type).stream().map(PropertiesApi::group).toList()));
    }

    private SandboxResponse createGroup(SandboxRequest request) {
        HubSpotObjectType type = portal.typeFor(request.pathParam("objectType"));
        JsonNode body = HubSpotJson.readObject(request);
        if (!body.path("name").isTextual() || !body.path("label").isTextual()) {
            return HubSpotErrors.validation("Invalid input JSON: name and label are required.");
        }
        Group group = new Group(body.path("name").asText(), body.path("label").asText(), body.path("displayOrder").asInt(-1));
        PropertyRegistry.Creation<Group> result = portal.properties().createGroup(type, group);
        if (result instanceof PropertyRegistry.Creation.Created<Group> created) {
            return SandboxResponse.json(201, group(created.created()));
        }
        if (result instanceof PropertyRegistry.Creation.Conflict<Group> conflict) {
            return HubSpotErrors.error(409, "OBJECT_ALREADY_EXISTS", conflict.message());
        }
        return HubSpotErrors.validation(((PropertyRegistry.Creation.Invalid<Group>) result).message());
    }

    /** Property, as the API returns it. */
    static Map<String, Object> property(PropertyDefinition p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", p.name());
        json.put("label", p.label());
        json.put("type", p.type());
        json.put("fieldType", p.fieldType());
        json.put("description", p.description());
        json.put("groupName", p.groupName());
        json.put("options", p.options().stream().map(o -> {
            Map<String, Object> option = new LinkedHashMap<>();
            option.put("label", o.label());
            option.put("value", o.value());
            option.put("displayOrder", o.displayOrder());
            option.put("hidden", o.hidden());
            return option;
        }).toList());
        json.put("displayOrder", p.displayOrder());
        json.put("calculated", false);
        json.put("externalOptions", p.externalOptions());
        json.put("hasUniqueValue", p.hasUniqueValue());
        json.put("hidden", false);
        json.put("hubspotDefined", p.hubspotDefined());
        json.put("modificationMetadata", Map.of("archivable", !p.hubspotDefined(), "readOnlyDefinition",
                p.hubspotDefined(), "readOnlyValue", p.readOnlyValue()));
        json.put("formField", !p.readOnlyValue());
        json.put("createdAt", HubSpotJson.format(p.createdAt()));
        json.put("updatedAt", HubSpotJson.format(p.createdAt()));
        json.put("archived", false);
        return json;
    }

    static Map<String, Object> group(Group g) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", g.name());
        json.put("label", g.label());
        json.put("displayOrder", g.displayOrder());
        json.put("archived", false);
        return json;
    }
}
