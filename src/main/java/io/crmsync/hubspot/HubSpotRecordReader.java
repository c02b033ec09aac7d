package io.crmsync.hubspot;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.crmsync.sync.CrmRecord;
import io.crmsync.sync.CrmUnavailableException;
import io.crmsync.sync.HubSpotRecords;

/** Reads HubSpot records with {@code batch/read}, 100 ids per call. */
@ApplicationScoped
public class HubSpotRecordReader implements HubSpotRecords {

    /** HubSpot: "Object API batch endpoints are limited to 100 inputs per request." */
    static final int BATCH_LIMIT = 100;

    private final HubSpotObjectsApi api;
    private final Optional<String> accessToken;

    public HubSpotRecordReader(@RestClient HubSpotObjectsApi api,
            @ConfigProperty(name = "crmsync.hubspot.access-token") Optional<String> accessToken) {
        this.api = api;
        this.accessToken = accessToken;
    }

    @Override
    public Map<String, CrmRecord> read(String tenantId, String objectType, Collection<String> ids,
            Collection<String> properties) {
        String authorization = "Bearer " + accessToken.filter(t -> !t.isBlank()).orElseThrow(
                () -> new IllegalStateException("crmsync.hubspot.access-token (CRMSYNC_HUBSPOT_ACCESS_TOKEN) is not set"));
        Map<String, CrmRecord> found = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += BATCH_LIMIT) {
            List<HubSpotObjectsApi.ObjectId> inputs = all.subList(from, Math.min(all.size(), from + BATCH_LIMIT))
                    .stream().map(HubSpotObjectsApi.ObjectId::new).toList();
            HubSpotObjectsApi.BatchResponse page = call(objectType, new HubSpotObjectsApi.BatchReadInput(
                    List.copyOf(properties), List.of(), inputs), authorization);
            for (HubSpotObjectsApi.SimplePublicObject object : page.results() == null
                    ? List.<HubSpotObjectsApi.SimplePublicObject>of() : page.results()) {
                if (!object.archived()) {
                    found.put(object.id(), toRecord(object));
                }
            }
        }
        return found;
    }

    private HubSpotObjectsApi.BatchResponse call(String objectType, HubSpotObjectsApi.BatchReadInput input,
            String authorization) {
        Response response;
        try {
            response = api.batchRead(pluralOf(objectType), false, input, authorization);
        } catch (ProcessingException e) {
            throw new CrmUnavailableException("HubSpot unreachable: " + e.getClass().getSimpleName(), e);
        }
        try (response) {
            int status = response.getStatus();
            if (status == 200 || status == 207) {
                // 207: some ids were not found; they are simply absent from the results.
                return response.readEntity(HubSpotObjectsApi.BatchResponse.class);
            }
            String reason = describe(response);
            if (status == 429 || status == 423 || status >= 500) {
                throw new CrmUnavailableException("HubSpot batch/read answered " + status + " " + reason, null);
            }
            // 401/403/400 are configuration or programming faults: surface them loudly.
            throw new IllegalStateException("HubSpot batch/read answered " + status + " " + reason);
        }
    }

    private static String describe(Response response) {
        try {
            HubSpotObjectsApi.StandardError error = response.readEntity(HubSpotObjectsApi.StandardError.class);
            return error.category() != null ? error.category()
                    : error.errorType() != null ? error.errorType() + "/" + error.policyName() : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static CrmRecord toRecord(HubSpotObjectsApi.SimplePublicObject object) {
        Map<String, String> properties = new HashMap<>();
        if (object.properties() != null) {
            object.properties().forEach((k, v) -> {
                if (v != null) {
                    properties.put(k, v);
                }
            });
        }
        return new CrmRecord(object.id(), properties, parseInstant(object.updatedAt()));
    }

    private static Instant parseInstant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The v3 path segment for an object type: contact → contacts, company → companies. */
    static String pluralOf(String objectType) {
        return switch (objectType) {
            case "company" -> "companies";
            case "contact", "deal", "task" -> objectType + "s";
            default -> objectType;
        };
    }
}
