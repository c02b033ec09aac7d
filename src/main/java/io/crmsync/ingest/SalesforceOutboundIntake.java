package io.crmsync.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.crmsync.notice.ChangeNotice.ChangeKind;
import io.crmsync.notice.ChangeNotice.SourceSystem;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;
import io.crmsync.tenant.TenantDirectoryUnavailableException;

/**
 * Turns a Salesforce Outbound Message into change notices. Salesforce signs nothing, so each tenant's endpoint
 * URL carries a secret token ({@code ?token=…}) whose SHA-256 the tenant holds; the token is checked (in constant
 * time) before the body is parsed, and the message must then name that tenant's org. Every unauthenticated
 * request gets the same 401, whatever its org. The {@code Ack} is answered only after the notices are enqueued: any other
 * answer makes Salesforce send the message again.
 */
public final class SalesforceOutboundIntake {

    private static final Logger LOG = Logger.getLogger(SalesforceOutboundIntake.class);

    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** The objects crmsync syncs; notifications for others are acknowledged and dropped. */
    static final Set<String> SYNCED_OBJECTS = Set.of("Lead", "Contact", "Account", "Opportunity", "Task");

    private final TenantDirectory tenants;
    private final NoticeQueue queue;
    private final ReplayWindow replayWindow;
    private final Clock clock;

    /** @param seen the replay window: notifications already enqueued (by Id, per tenant) are not enqueued again */
    public SalesforceOutboundIntake(TenantDirectory tenants, NoticeQueue queue, SeenDeliveries seen, Clock clock) {
        this.tenants = tenants;
        this.queue = queue;
        this.replayWindow = new ReplayWindow(seen, "salesforce-outbound");
        this.clock = clock;
    }

    public HttpResponseEvent handle(HttpRequestEvent request) {
        if (!"POST".equalsIgnoreCase(request.method())) {
            return fault(405, "Only POST is accepted.");
        }
        byte[] body;
        try {
            body = request.bodyBytes();
        } catch (IllegalArgumentException e) {
            return fault(400, "The body is not valid Base64.");
        }
        if (body.length > MAX_BODY_BYTES) {
            return fault(413, "The body exceeds " + MAX_BODY_BYTES + " bytes.");
        }
        String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("text/xml") && !contentType.startsWith("application/soap+xml")) {
            return fault(415, "Content-Type must be text/xml.");
        }
        // Authenticate before anything else is read: the body is not parsed and no org is looked up for a caller
        // who has not shown a tenant's token.
        Optional<Tenant> tenant;
        try {
            tenant = authenticate(request.queryParameter("token"));
        } catch (TenantDirectoryUnavailableException e) {
            // Unknown is not "no tenant": no Ack, nothing enqueued, and Salesforce sends the message again.
            LOG.errorf("salesforce-outbound: the tenant directory cannot answer (%s); no Ack, so Salesforce re-sends",
                    StoreOutage.describe(e));
            return unavailable();
        }
        if (tenant.isEmpty()) {
            return unauthenticated("no tenant holds the token, or none was given");
        }
        OutboundMessage message;
        try {
            message = OutboundMessage.parse(body);
        } catch (OutboundMessage.Malformed e) {
            return fault(400, e.getMessage());
        }
        if (!ServedTenants.served(tenant.get()) || !Tenant.orgKey(tenant.get().salesforceOrgId())
                .equals(Tenant.orgKey(message.organizationId()))) {
            // Answered exactly as a wrong token: a token holder learns nothing about other orgs either, and a tenant
            // not connected to both CRMs is served by no door.
            return unauthenticated("the OrganizationId is not the org of tenant " + tenant.get().id()
                    + ", or that tenant is not connected to both CRMs");
        }
        // Salesforce re-sends a message it saw no Ack for during 24 hours, and anyone holding the URL can replay one:
        // notifications already enqueued (same tenant, same notification Id) are left out, and still acknowledged.
        List<OutboundMessage.Notification> synced = message.notifications().stream()
                .filter(n -> SYNCED_OBJECTS.contains(n.sObjectType())).toList();
        ReplayWindow.Lookup lookup = replayWindow.lookUp(synced.stream().map(n -> delivery(tenant.get(), n)).toList());
        List<OutboundMessage.Notification> fresh = synced.stream()
                .filter(n -> !lookup.alreadyEnqueued(delivery(tenant.get(), n))).toList();
        List<ChangeNotice> notices = toNotices(tenant.get(), fresh);
        if (!notices.isEmpty()) {
            try {
                queue.enqueue(notices);
            } catch (NoticeQueue.EnqueueFailedException e) {
                LOG.errorf("salesforce-outbound: %d notices not enqueued; no Ack, so Salesforce re-sends: %s",
                        notices.size(), e.getMessage());
                return unavailable();
            }
            replayWindow.enqueued(lookup, fresh.stream().map(n -> delivery(tenant.get(), n)).toList());
        }
        LOG.infof("salesforce-outbound: tenant %s, %d notifications, %d already enqueued, %d notices enqueued",
                tenant.get().id(), message.notifications().size(), synced.size() - fresh.size(), notices.size());
        return new HttpResponseEvent(200, Map.of("content-type", "text/xml; charset=utf-8"), OutboundMessage.ACK);
    }

    private static SeenDeliveries.Delivery delivery(Tenant tenant, OutboundMessage.Notification notification) {
        return new SeenDeliveries.Delivery(tenant.id(), SeenDeliveries.Channel.OUTBOUND_NOTIFICATION,
                notification.id());
    }

    /** One notice per object type, naming every changed record; each notification id is kept for tracing. */
    private List<ChangeNotice> toNotices(Tenant tenant, List<OutboundMessage.Notification> notifications) {
        Map<String, Map<String, String>> idsByType = new LinkedHashMap<>();
        for (OutboundMessage.Notification n : notifications) {
            if (SYNCED_OBJECTS.contains(n.sObjectType())) {
                idsByType.computeIfAbsent(n.sObjectType(), t -> new LinkedHashMap<>()).putIfAbsent(n.recordId(), n.id());
            }
        }
        // An Outbound Message does not say whether a record was created or updated; the worker re-reads it.
        return idsByType.entrySet().stream().map(e -> new ChangeNotice(ChangeNotice.CURRENT_VERSION, tenant.id(),
                SourceSystem.SALESFORCE, e.getKey(), List.copyOf(e.getValue().keySet()), ChangeKind.UPDATED,
                clock.instant(), List.copyOf(e.getValue().values()), null, Map.of("via", "outbound-message")))
                .toList();
    }

    /**
     * The tenant holding this token, found by the token's SHA-256 (the tenants table's sparse
     * {@code by-outbound-token} index) and then confirmed in constant time against the hash the tenant holds.
     * Why by hash: the endpoint URL carries only {@code ?token=}, as configured in every tenant's Salesforce, so
     * the token is all there is to go on before parsing. Naming the tenant in the URL instead would invalidate
     * every configured endpoint and need a GetItem grant on the table the door does not have, while the index is
     * covered by the door's existing Query grant on the table's indexes. Checking the token against every
     * tenant would cost a table scan per request, anyone's to trigger. The hash is not secret-equivalent: knowing
     * which hashes are near a stored one does not help find a token, so the index lookup leaks nothing useful.
     */
    private Optional<Tenant> authenticate(Optional<String> token) {
        if (token.isEmpty() || token.get().isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = Tenant.outboundTokenDigest(token.get());
        return tenants.byOutboundTokenSha256(HexFormat.of().formatHex(presented))
                .filter(t -> tokenMatches(t, presented));
    }

    private static boolean tokenMatches(Tenant tenant, byte[] presentedSha256) {
        if (tenant.outboundTokenSha256().isEmpty()) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(tenant.outboundTokenSha256().get());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, presentedSha256);
    }

    /**
     * The one answer to every request that is not authenticated — no or a wrong token, or an OrganizationId that
     * is not the token's tenant's org — so an answer never tells which orgs are tenants. Only the log says why.
     */
    private static HttpResponseEvent unauthenticated(String why) {
        LOG.infof("salesforce-outbound: not authenticated: %s", why);
        return fault(401, UNAUTHENTICATED);
    }

    static final String UNAUTHENTICATED = "Not authenticated: the endpoint URL must carry the token of the tenant whose "
            + "org sends this message.";

    /** A 503 without Ack: Salesforce re-sends with its own backoff (Retry-After is a hint). */
    private static HttpResponseEvent unavailable() {
        HttpResponseEvent fault = fault(503, "Try again later.");
        return new HttpResponseEvent(503, Map.of("content-type", fault.headers().get("content-type"), "retry-after",
                StoreOutage.RETRY_AFTER_SECONDS), fault.body());
    }

    /** A SOAP 1.1 fault: Salesforce logs it in the Outbound Message delivery status. No input is echoed. */
    private static HttpResponseEvent fault(int status, String reason) {
        LOG.infof("salesforce-outbound: refused with %d: %s", status, reason);
        String faultCode = status >= 500 ? "soapenv:Server" : "soapenv:Client";
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
                 <soapenv:Body>
                  <soapenv:Fault><faultcode>%s</faultcode><faultstring>%s</faultstring></soapenv:Fault>
                 </soapenv:Body>
                </soapenv:Envelope>
                """.formatted(faultCode, reason);
        return new HttpResponseEvent(status, Map.of("content-type", "text/xml; charset=utf-8"), xml);
    }
}
