package io.crmsync.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.adminhttp.AdminApiException;
import io.crmsync.adminhttp.AdminHttp;
import io.crmsync.adminhttp.AdminRoute;
import io.crmsync.adminhttp.AdminRoutes;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.sync.ErasedPerson;
import io.crmsync.sync.Erasure;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.sync.SalesforceRecords;
import io.crmsync.tenant.TenantDirectory;
import io.crmsync.tenant.TenantScope;

/**
 * Erasing a person on request from the Salesforce side (or any side HubSpot's own GDPR delete does not cover): by
 * Salesforce record id, HubSpot contact id, or email. An email is resolved to record ids with the lookups the sync
 * already uses (one HubSpot batch read by email, one SOQL query each on Lead and Contact) and is then dropped: it
 * is never logged, stored or answered. The answer names the records (ids) and counts per table, no value. No CRM
 * record is touched: deleting the person in the CRMs is the tenant's, and the erase's markers keep crmsync from
 * syncing those records again meanwhile.
 */
@ApplicationScoped
public class PrivacyRoutes implements AdminRoutes {

    static final AdminRoute ERASE = AdminRoute.of("POST", "/tenants/{id}/erase");
    public static final List<AdminRoute> ROUTES = List.of(ERASE);

    static final String SHAPE = "give exactly one of {\"salesforceId\": \"00Q…\"}, {\"hubSpotId\": \"123\"} or "
            + "{\"email\": \"…\"}";
    private static final Pattern HUBSPOT_ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern SALESFORCE_ID = Pattern.compile("[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?");
    /** Key prefixes of the Salesforce objects that stand for a person. */
    private static final Map<String, String> PERSON_PREFIXES = Map.of("00Q", "Lead", "003", "Contact");

    private final TenantDirectory tenants;
    private final Erasure erasure;
    private final HubSpotRecords hubSpot;
    private final SalesforceRecords salesforce;
    private final TenantScope scope;
    private final AdminHttp http;

    @Inject
    public PrivacyRoutes(TenantDirectory tenants, Erasure erasure, HubSpotRecords hubSpot,
            SalesforceRecords salesforce, TenantScope scope, AdminHttp http) {
        this.tenants = tenants;
        this.erasure = erasure;
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.scope = scope;
        this.http = http;
    }

    @Override
    public List<AdminRoute> routes() {
        return ROUTES;
    }

    @Override
    public Optional<HttpResponseEvent> handle(HttpRequestEvent request) {
        return AdminRoute.find(ROUTES, request).map(match -> erase(match.parameter("id"), http.jsonObject(request)));
    }

    private HttpResponseEvent erase(String tenantId, ObjectNode body) {
        if (tenants.byId(tenantId).isEmpty()) {
            throw AdminApiException.unknownTenant(tenantId);
        }
        List<String> given = new ArrayList<>();
        body.fieldNames().forEachRemaining(given::add);
        if (given.size() != 1 || !List.of("salesforceId", "hubSpotId", "email").contains(given.get(0))
                || !body.get(given.get(0)).isTextual()) {
            throw AdminApiException.badRequest("body: " + SHAPE);
        }
        String value = body.get(given.get(0)).asText().strip();
        List<ErasedPerson.Record> records;
        try {
            records = switch (given.get(0)) {
                case "salesforceId" -> List.of(salesforceRecord(value));
                case "hubSpotId" -> List.of(hubSpotRecord(value));
                default -> scope.on(tenantId, () -> byEmail(tenantId, value));
            };
        } catch (CrmUnavailableException e) {
            throw new AdminApiException(502, List.of("a CRM could not be asked who has that email now; nothing was"
                    + " erased: call again"));
        } catch (AdminApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // A CRM's error may quote the query, and so the email; the router logs a failure's message.
            throw new IllegalStateException("looking the person up failed (" + e.getClass().getSimpleName() + ")");
        }
        Erasure.Report report = erasure.erase(tenantId, records);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenantId", tenantId);
        answer.put("records", report.records());
        answer.put("erased", report.erasedPerTable());
        answer.put("erasedItems", report.erasedPerTable().values().stream().mapToInt(Integer::intValue).sum());
        return http.ok(answer);
    }

    private static ErasedPerson.Record hubSpotRecord(String id) {
        if (!HUBSPOT_ID.matcher(id).matches()) {
            throw AdminApiException.badRequest("hubSpotId: a HubSpot contact id (digits)");
        }
        return ErasedPerson.Record.hubSpot("contact", id);
    }

    private static ErasedPerson.Record salesforceRecord(String id) {
        String sObject = id.length() < 3 ? null : PERSON_PREFIXES.get(id.substring(0, 3));
        if (!SALESFORCE_ID.matcher(id).matches() || sObject == null) {
            throw AdminApiException.badRequest("salesforceId: the 15- or 18-character id of a Lead (00Q…) or a"
                    + " Contact (003…)");
        }
        return ErasedPerson.Record.salesforce(sObject, id);
    }

    /** Every record that has the email on either side: the HubSpot contact, Leads and Contacts. */
    private List<ErasedPerson.Record> byEmail(String tenantId, String email) {
        if (email.isEmpty() || email.length() > 254 || email.indexOf('@') < 1) {
            throw AdminApiException.badRequest("email: an email address");
        }
        String key = email.toLowerCase(Locale.ROOT);
        List<ErasedPerson.Record> records = new ArrayList<>();
        hubSpot.readContactsByEmail(tenantId, List.of(key), List.of()).values()
                .forEach(contact -> records.add(ErasedPerson.Record.hubSpot("contact", contact.id())));
        for (String sObject : List.of("Lead", "Contact")) {
            salesforce.find(tenantId, sObject, List.of(), List.of(), "Id", List.of(), List.of(email))
                    .forEach(found -> records.add(ErasedPerson.Record.salesforce(sObject, found.id())));
        }
        return records;
    }

}
