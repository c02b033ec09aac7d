package io.crmsync.hubspot;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.crmsync.mapping.HubSpotSchema;
import io.crmsync.mapping.MappingsFile.NewHubSpotProperty;

/** The HubSpot schema through the Properties API: reads properties, creates crmsync's group and properties. */
@ApplicationScoped
public class HubSpotSchemaReader implements HubSpotSchema {

    private static final String GROUP_LABEL = "crmsync";

    private final HubSpotPropertiesApi api;
    private final HubSpotTokens tokens;

    public HubSpotSchemaReader(@RestClient HubSpotPropertiesApi api, HubSpotTokens tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    @Override
    public List<HubSpotProperty> properties(String objectType) {
        try (Response response = call(() -> api.list(pathOf(objectType), false, authorization()))) {
            expect(response, 200, "listing the " + objectType + " properties");
            HubSpotPropertiesApi.PropertyList list = response.readEntity(HubSpotPropertiesApi.PropertyList.class);
            List<HubSpotProperty> properties = new ArrayList<>();
            for (HubSpotPropertiesApi.Property p : list.results() == null
                    ? List.<HubSpotPropertiesApi.Property>of() : list.results()) {
                properties.add(toProperty(p));
            }
            return properties;
        }
    }

    @Override
    public void createProperty(String objectType, NewHubSpotProperty property) {
        ensureGroup(objectType);
        List<HubSpotPropertiesApi.Option> options = new ArrayList<>();
        for (int i = 0; i < property.options().size(); i++) {
            NewHubSpotProperty.Option option = property.options().get(i);
            options.add(new HubSpotPropertiesApi.Option(option.label(), option.value(), i, false));
        }
        HubSpotPropertiesApi.PropertyCreate body = new HubSpotPropertiesApi.PropertyCreate(property.name(),
                property.label(), property.type(), property.fieldType(), GROUP, "Created by crmsync for a mapping.",
                options);
        try (Response response = call(() -> api.create(pathOf(objectType), body, authorization()))) {
            expect(response, 201, "creating the " + objectType + " property " + property.name());
        }
    }

    /**
     * Creates a unique-value text property in crmsync's group, for idempotent upserts; one that exists already
     * (409, e.g. made by a concurrent worker) is fine.
     */
    public void ensureUniqueProperty(String objectType, String name) {
        ensureGroup(objectType);
        HubSpotPropertiesApi.PropertyCreate body = new HubSpotPropertiesApi.PropertyCreate(name,
                "Salesforce ID (crmsync)", "string", "text", GROUP,
                "The Id of the Salesforce twin; crmsync upserts by it so a record is never created twice.", List.of(),
                true);
        try (Response response = call(() -> api.create(pathOf(objectType), body, authorization()))) {
            if (response.getStatus() != 409) {
                expect(response, 201, "creating the " + objectType + " property " + name);
            }
        }
    }

    private void ensureGroup(String objectType) {
        String path = pathOf(objectType);
        try (Response group = call(() -> api.createGroup(path, new HubSpotPropertiesApi.PropertyGroupCreate(GROUP,
                GROUP_LABEL, -1), authorization()))) {
            // 409: the group is there from an earlier apply.
            if (group.getStatus() != 409) {
                expect(group, 201, "creating the " + objectType + " property group " + GROUP);
            }
        }
    }

    private static HubSpotProperty toProperty(HubSpotPropertiesApi.Property p) {
        boolean readOnly = Boolean.TRUE.equals(p.calculated()) || p.modificationMetadata() != null
                && Boolean.TRUE.equals(p.modificationMetadata().readOnlyValue());
        List<String> options = p.options() == null ? List.of()
                : p.options().stream().map(HubSpotPropertiesApi.Option::value).toList();
        return new HubSpotProperty(p.name(), p.type(), p.fieldType(), options, readOnly,
                Boolean.TRUE.equals(p.hasUniqueValue()), "OWNER".equals(p.referencedObjectType()),
                Boolean.TRUE.equals(p.hubspotDefined()));
    }

    private String authorization() {
        return tokens.bearer();
    }

    private static Response call(java.util.function.Supplier<Response> request) {
        try {
            return request.get();
        } catch (ProcessingException e) {
            throw new IllegalStateException("HubSpot unreachable: " + e.getClass().getSimpleName(), e);
        }
    }

    private static void expect(Response response, int status, String what) {
        if (response.getStatus() == status) {
            return;
        }
        String reason;
        try {
            HubSpotPropertiesApi.Error error = response.readEntity(HubSpotPropertiesApi.Error.class);
            reason = error.category() + ": " + error.message();
        } catch (RuntimeException e) {
            reason = "no error details";
        }
        throw new IllegalStateException("HubSpot answered " + response.getStatus() + " " + what + " (" + reason + ")");
    }

    /** The v3 path segment of an object type: contact → contacts, company → companies. */
    static String pathOf(String objectType) {
        return switch (objectType) {
            case "company" -> "companies";
            case "contact", "deal" -> objectType + "s";
            default -> objectType;
        };
    }
}
