package io.crmsync.sandbox.salesforce;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.http.SandboxHttpServer;
import io.crmsync.sandbox.salesforce.SalesforceOrg.CommittedTransaction;

/**
 * Outbound Messages: workflow actions that, on create and update of an sObject, send the record's chosen
 * fields to an endpoint as a SOAP 1.1 {@code notifications} call (up to 100 notifications per message),
 * and keep re-sending with exponential backoff until the endpoint answers 200 with exactly the
 * {@code notificationsResponse}/{@code Ack}=true envelope, or the message is 24 hours old. A retried
 * notification keeps its Id (receivers dedupe on it) and carries the record's latest data. The XML is
 * built and read with the JDK's DOM, so namespaces and escaping are right by construction.
 */
public final class OutboundMessaging implements AutoCloseable {

    static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String OUTBOUND_NS = "http://soap.sforce.com/2005/09/outbound";
    static final String SOBJECT_NS = "urn:sobject.enterprise.soap.sforce.com";
    static final String XSI_NS = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    static final int MAX_NOTIFICATIONS = 100;
    private static final Duration MAX_AGE = Duration.ofHours(24);

    /** One outbound message action: which object, which fields (Id is always sent), where to. */
    public record Action(String actionId, String sObject, List<String> fields, URI endpoint) {
        public Action {
            fields = List.copyOf(fields);
        }
    }

    /** Retry timing; Salesforce's real intervals grow up to 2 hours, tests use milliseconds. */
    public record RetryPolicy(Duration firstRetry, Duration maxRetry) {
        public static RetryPolicy forTests() {
            return new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200));
        }
    }

    /** One attempt to deliver a message: which notification ids it carried and whether it was acknowledged. */
    public record Attempt(String actionId, List<String> notificationIds, int status, boolean acknowledged) {
        public Attempt {
            notificationIds = List.copyOf(notificationIds);
        }
    }

    private record Pending(String notificationId, String recordId, Map<String, Object> lastKnown, Instant queuedAt) {
    }

    /** Per action: its queue and retry state; touched only on the dispatcher thread. */
    private static final class Queue {
        final Action action;
        final Deque<Pending> pending = new ArrayDeque<>();
        int failures;
        boolean retryScheduled;

        Queue(Action action) {
            this.action = action;
        }
    }

    private final SalesforceOrg org;
    private final FaultInjector faults;
    /** Supplied, because the sandbox's port is known only once it has started. */
    private final java.util.function.Supplier<String> enterpriseUrl;
    private final java.util.function.Supplier<String> partnerUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService dispatcher = Executors.newSingleThreadScheduledExecutor(
            SandboxHttpServer.threadsNamed("salesforce-outbound"));
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private volatile RetryPolicy retry = RetryPolicy.forTests();

    OutboundMessaging(SalesforceOrg org, FaultInjector faults, java.util.function.Supplier<String> enterpriseUrl,
            java.util.function.Supplier<String> partnerUrl) {
        this.org = org;
        this.faults = faults;
        this.enterpriseUrl = enterpriseUrl;
        this.partnerUrl = partnerUrl;
        org.onCommit(this::enqueue);
    }

    /** Adds an action; returns it with its 18-character ActionId (04k…). */
    public Action addAction(String sObject, List<String> fields, URI endpoint) {
        SObjectSchema schema = org.requireStore(sObject).schema();
        List<String> canonical = fields.stream().map(f -> schema.field(f).orElseThrow(() ->
                new IllegalArgumentException("No field " + f + " on " + schema.name())).name()).toList();
        Action action = new Action(SalesforceIds.newId("04k", nextId.getAndIncrement()), schema.name(), canonical,
                endpoint);
        onDispatcher(() -> queues.put(action.actionId(), new Queue(action)));
        return action;
    }

    public void retryPolicy(RetryPolicy policy) {
        retry = policy;
    }

    /** Every delivery attempt so far, oldest first. */
    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Notifications not yet acknowledged, over all actions. */
    public int pendingNotifications() {
        return onDispatcher(() -> queues.values().stream().mapToInt(q -> q.pending.size()).sum());
    }

    /** Removes all actions and queued messages. */
    public void clear() {
        onDispatcher(() -> {
            queues.clear();
            attempts.clear();
            return null;
        });
    }

    @Override
    public void close() {
        dispatcher.shutdownNow();
    }

    private void enqueue(CommittedTransaction tx) {
        Instant now = org.clock().instant();
        List<RecordChange> relevant = tx.changes().stream().filter(c -> c.type() == RecordChange.Type.CREATE
                || c.type() == RecordChange.Type.UPDATE).toList();
        if (relevant.isEmpty()) {
            return;
        }
        dispatcher.execute(() -> {
            for (Queue queue : queues.values()) {
                boolean added = false;
                for (RecordChange change : relevant) {
                    if (change.entity().equals(queue.action.sObject())) {
                        queue.pending.addLast(new Pending(SalesforceIds.newId("04l", nextId.getAndIncrement()),
                                change.id(), change.after(), now));
                        added = true;
                    }
                }
                if (added && !queue.retryScheduled) {
                    send(queue);
                }
            }
        });
    }

    /** Sends the oldest (up to 100) notifications of the queue; on failure schedules a retry. Dispatcher thread. */
    private void send(Queue queue) {
        Instant now = org.clock().instant();
        queue.pending.removeIf(p -> p.queuedAt().plus(MAX_AGE).isBefore(now));
        if (queue.pending.isEmpty()) {
            queue.failures = 0;
            return;
        }
        List<Pending> batch = new ArrayList<>();
        for (Pending p : queue.pending) {
            if (batch.size() == MAX_NOTIFICATIONS) {
                break;
            }
            batch.add(p);
        }
        byte[] message = message(queue.action, batch);
        List<String> ids = batch.stream().map(Pending::notificationId).toList();
        int copies = faults.copiesOfNextNotification();
        boolean acknowledged = false;
        if (copies == 0) {
            // Lost on the way: Salesforce gets no acknowledgement, so it is a failed attempt.
            attempts.add(new Attempt(queue.action.actionId(), ids, 0, false));
        }
        for (int i = 0; i < copies; i++) {
            acknowledged |= post(queue.action, ids, message);
        }
        if (acknowledged) {
            batch.forEach(queue.pending::remove);
            queue.failures = 0;
            if (!queue.pending.isEmpty()) {
                dispatcher.execute(() -> send(queue));
            }
            return;
        }
        queue.failures++;
        long delay = Math.min(retry.maxRetry().toMillis(),
                retry.firstRetry().toMillis() << Math.min(20, queue.failures - 1));
        queue.retryScheduled = true;
        dispatcher.schedule(() -> {
            queue.retryScheduled = false;
            send(queue);
        }, delay, TimeUnit.MILLISECONDS);
    }

    private boolean post(Action action, List<String> ids, byte[] message) {
        int status = 0;
        boolean acknowledged = false;
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(action.endpoint())
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .header("SOAPAction", "\"\"")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(message)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            status = response.statusCode();
            acknowledged = status == 200 && isAck(response.body());
        } catch (java.io.IOException e) {
            // unreachable endpoint: a failed attempt like any other
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        attempts.add(new Attempt(action.actionId(), ids, status, acknowledged));
        return acknowledged;
    }

    /** The SOAP request: notifications with OrganizationId, ActionId, SessionId nil, URLs and Notification elements. */
    byte[] message(Action action, List<Pending> batch) {
        Document doc = newBuilder().newDocument();
        Element envelope = doc.createElementNS(SOAP_NS, "soapenv:Envelope");
        envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xsd", XMLConstants.W3C_XML_SCHEMA_NS_URI);
        envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xsi", XSI_NS);
        doc.appendChild(envelope);
        Element body = child(envelope, SOAP_NS, "soapenv:Body");
        Element notifications = child(body, OUTBOUND_NS, "notifications");
        text(notifications, "OrganizationId", org.orgId());
        text(notifications, "ActionId", action.actionId());
        child(notifications, OUTBOUND_NS, "SessionId").setAttributeNS(XSI_NS, "xsi:nil", "true");
        text(notifications, "EnterpriseUrl", enterpriseUrl.get());
        text(notifications, "PartnerUrl", partnerUrl.get());
        for (Pending pending : batch) {
            Element notification = child(notifications, OUTBOUND_NS, "Notification");
            text(notification, "Id", pending.notificationId());
            Element sObject = child(notification, OUTBOUND_NS, "sObject");
            sObject.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:sf", SOBJECT_NS);
            sObject.setAttributeNS(XSI_NS, "xsi:type", "sf:" + action.sObject());
            // Only the latest data is sent: the record as it is now, or as last seen if it is gone.
            Map<String, Object> record = org.store(action.sObject()).flatMap(s -> s.get(pending.recordId()))
                    .orElse(pending.lastKnown());
            List<String> fields = new ArrayList<>(List.of(SObjectSchema.ID));
            action.fields().stream().filter(f -> !f.equals(SObjectSchema.ID)).forEach(fields::add);
            for (String field : fields) {
                Object value = record.get(field);
                if (value != null) {
                    child(sObject, SOBJECT_NS, "sf:" + field).setTextContent(xmlValue(value));
                }
            }
        }
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (javax.xml.transform.TransformerException e) {
            throw new IllegalStateException("Serialising a DOM the JDK built cannot fail", e);
        }
    }

    /** True only for a SOAP envelope whose body is exactly notificationsResponse with Ack true. */
    static boolean isAck(byte[] body) {
        try {
            Document doc = newBuilder().parse(new ByteArrayInputStream(body));
            Element envelope = doc.getDocumentElement();
            if (!is(envelope, SOAP_NS, "Envelope")) {
                return false;
            }
            Optional<Element> soapBody = elements(envelope).stream().filter(e -> is(e, SOAP_NS, "Body")).findFirst();
            if (soapBody.isEmpty() || elements(soapBody.get()).size() != 1) {
                return false;
            }
            Element response = elements(soapBody.get()).get(0);
            if (!is(response, OUTBOUND_NS, "notificationsResponse") || elements(response).size() != 1) {
                return false;
            }
            Element ack = elements(response).get(0);
            return is(ack, OUTBOUND_NS, "Ack") && "true".equals(ack.getTextContent().trim());
        } catch (org.xml.sax.SAXException | java.io.IOException e) {
            return false;
        }
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder();
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's parser supports these features", e);
        }
    }

    private static boolean is(Element element, String namespace, String localName) {
        return namespace.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    private static List<Element> elements(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        return children;
    }

    private static Element child(Element parent, String namespace, String qualifiedName) {
        Element element = parent.getOwnerDocument().createElementNS(namespace, qualifiedName);
        parent.appendChild(element);
        return element;
    }

    private static void text(Element parent, String name, String value) {
        child(parent, OUTBOUND_NS, name).setTextContent(value);
    }

    private static String xmlValue(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        // Datetimes go out as xsd:dateTime (…Z), not REST's …+0000.
        if (value instanceof String s && s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000")) {
            return SoqlEngine.parseDateTime(s).toString();
        }
        return value.toString();
    }

    private <T> T onDispatcher(java.util.concurrent.Callable<T> work) {
        try {
            return dispatcher.submit(work).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The outbound dispatcher is stuck", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
