package io.crmsync.functions;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.ingest.HubSpotWebhookIntake;
import io.crmsync.store.DynamoSeenDeliveries;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.secrets.AppSecrets;
import io.crmsync.tenant.TenantDirectory;
import io.quarkus.funqy.Funq;

/** The {@code hubspot-webhook} Lambda: HubSpot's webhook POSTs, via a Function URL, onto the change queue. */
public class HubSpotWebhookFunction {

    @Inject
    HubSpotWebhookIntake intake;

    @Funq("hubspot-webhook")
    public HttpResponseEvent hubspotWebhook(HttpRequestEvent request) {
        return intake.handle(request);
    }

    @ApplicationScoped
    static class Wiring {
        @Produces
        @ApplicationScoped
        HubSpotWebhookIntake intake(
                AppSecrets secrets,
                @ConfigProperty(name = "crmsync.hubspot.app-id") long appId,
                @ConfigProperty(name = "crmsync.hubspot.webhook-url") Optional<String> publicUrl,
                TenantDirectory tenants, NoticeQueue queue, DynamoSeenDeliveries seen, ObjectMapper json) {
            // The secret is asked for per request, never here: the function starts (and SnapStart snapshots it)
            // without touching Secrets Manager, and a rotated secret is seen once AppSecrets reads it again.
            return new HubSpotWebhookIntake(() -> secrets.hubSpotClientSecret().orElseThrow(
                    () -> new IllegalStateException("crmsync.hubspot.client-secret (CRMSYNC_HUBSPOT_CLIENT_SECRET) is"
                            + " not set: the app's client secret is needed to check webhook signatures")),
                    appId, publicUrl, tenants, queue, seen, json, Clock.systemUTC());
        }
    }
}
