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

import io.crmsync.ingest.ChangeNotice.ChangeKind;
import io.crmsync.ingest.ChangeNotice.SourceSystem;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;

/**
 * Turns a Salesforce Outbound Message into change notices. Salesforce signs nothing, so each tenant's endpoint
 * URL carries a secret token ({@code ?token=…}); the request must name that tenant's org and present the token
 * whose SHA-256 the tenant holds. The {@code Ack} is answered only after the notices are enqueued: any other
 * answer makes Salesforce send the message again.
 */
public final class SalesforceOutboundIntake {

    private static final Logger LOG = Logger.getLogger(SalesforceOutboundIntake.class);

    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** The objects crmsync syncs; notifications for others are acknowledged and dropped. */
    static final Set<String> SYNCED_OBJECTS = Set.of("Lead", "Contact", "Account", "Opportunity", "Task");

    private final TenantDirectory tenants;
    private final NoticeQueue queue;
    private final Clock clock;

    public SalesforceOutboundIntake(TenantDirectory tenants, NoticeQueue queue, Clock clock) {
        this.tenants = tenants;
        this.queue = queue;
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
        Optional<String> token = request.queryParameter("token");
        if (token.isEmpty()) {
            return fault(401, "The endpoint URL must carry the tenant's token.");
        }
        OutboundMessage message;
        try {
            message = OutboundMessage.parse(body);
        } catch (OutboundMessage.Malformed e) {
            return fault(400, e.getMessage());
        }
        Optional<Tenant> tenant = tenants.bySalesforceOrg(message.organizationId());
        if (tenant.isEmpty()) {
            return fault(403, "The OrganizationId belongs to no tenant of this deployment.");
        }
        if (!tokenMatches(tenant.get(), token.get())) {
            return fault(401, "The token does not match the tenant of this OrganizationId.");
        }
        List<ChangeNotice> notices = toNotices(tenant.get(), message);
        if (!notices.isEmpty()) {
            try {
                queue.enqueue(notices);
            } catch (NoticeQueue.EnqueueFailedException e) {
                LOG.errorf("salesforce-outbound: %d notices not enqueued; no Ack, so Salesforce re-sends: %s",
                        notices.size(), e.getMessage());
                return fault(503, "Try again later.");
            }
        }
        LOG.infof("salesforce-outbound: tenant %s, %d notifications, %d notices enqueued", tenant.get().id(),
                message.notifications().size(), notices.size());
        return new HttpResponseEvent(200, Map.of("content-type", "text/xml; charset=utf-8"), OutboundMessage.ACK);
    }

    /** One notice per object type, naming every changed record; each notification id is kept for tracing. */
    private List<ChangeNotice> toNotices(Tenant tenant, OutboundMessage message) {
        Map<String, Map<String, String>> idsByType = new LinkedHashMap<>();
        for (OutboundMessage.Notification n : message.notifications()) {
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

    private static boolean tokenMatches(Tenant tenant, String token) {
        if (tenant.outboundTokenSha256().isEmpty()) {
            return false;
        }
        byte[] expected = HexFormat.of().parseHex(tenant.outboundTokenSha256().get());
        return MessageDigest.isEqual(expected, sha256(token));
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
