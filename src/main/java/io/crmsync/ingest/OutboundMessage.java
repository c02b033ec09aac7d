package io.crmsync.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;

/**
 * A Salesforce Outbound Message: the SOAP {@code notifications} request of the outbound messaging WSDL
 * (namespace http://soap.sforce.com/2005/09/outbound), reduced to what intake needs.
 *
 * @param notifications one per changed record, at most 100
 */
public record OutboundMessage(String organizationId, String actionId, List<Notification> notifications) {

    public static final int MAX_NOTIFICATIONS = 100;

    /** @param id the notification's own id (Salesforce's dedupe key), {@code sObjectType} e.g. "Lead" */
    public record Notification(String id, String sObjectType, String recordId) {
    }

    /** The request is not an Outbound Message; the message says why without echoing the input. */
    public static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern SALESFORCE_ID = Pattern.compile("[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?");
    private static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE", Pattern.CASE_INSENSITIVE);
    private static final XmlMapper XML = safeMapper();

    /**
     * Jackson XML over a StAX factory that refuses DTDs and external entities (no XXE, no entity expansion).
     * Outbound Messages never carry a DTD, so one is refused before parsing as well.
     */
    private static XmlMapper safeMapper() {
        XMLInputFactory input = XMLInputFactory.newFactory();
        input.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        input.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return new XmlMapper(new XmlFactory(input));
    }

    public static OutboundMessage parse(byte[] body) {
        if (DOCTYPE.matcher(new String(body, StandardCharsets.UTF_8)).find()) {
            throw new Malformed("XML with a DOCTYPE is not accepted.");
        }
        JsonNode envelope;
        try {
            envelope = XML.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Malformed("The body is not well-formed XML.");
        } catch (IOException | RuntimeException e) {
            throw new Malformed("The body could not be read as XML.");
        }
        JsonNode notifications = envelope == null ? null : envelope.path("Body").path("notifications");
        if (notifications == null || !notifications.isObject()) {
            throw new Malformed("Expected a SOAP envelope whose body is an Outbound Message (notifications).");
        }
        String organizationId = text(notifications, "OrganizationId");
        String actionId = text(notifications, "ActionId");
        if (!isSalesforceId(organizationId) || !isSalesforceId(actionId)) {
            throw new Malformed("OrganizationId and ActionId must be Salesforce ids.");
        }
        List<JsonNode> elements = new ArrayList<>();
        JsonNode notification = notifications.path("Notification");
        if (notification.isArray()) {
            notification.forEach(elements::add);
        } else if (notification.isObject()) {
            elements.add(notification);
        }
        if (elements.isEmpty() || elements.size() > MAX_NOTIFICATIONS) {
            throw new Malformed("An Outbound Message carries 1 to " + MAX_NOTIFICATIONS + " notifications.");
        }
        List<Notification> parsed = new ArrayList<>(elements.size());
        for (JsonNode element : elements) {
            JsonNode sObject = element.path("sObject");
            String type = sObject.path("type").asText("");
            String sObjectType = type.contains(":") ? type.substring(type.indexOf(':') + 1) : type;
            String id = text(element, "Id");
            String recordId = text(sObject, "Id");
            if (!isSalesforceId(id) || !isSalesforceId(recordId) || !sObjectType.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new Malformed("Every notification needs an Id and an sObject with xsi:type and Id.");
            }
            parsed.add(new Notification(id, sObjectType, recordId));
        }
        return new OutboundMessage(organizationId, actionId, List.copyOf(parsed));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() ? value.asText() : "";
    }

    private static boolean isSalesforceId(String value) {
        return value != null && SALESFORCE_ID.matcher(value).matches();
    }

    /** The acknowledgement Salesforce requires; anything else makes it send the message again. */
    public static final String ACK = """
            <?xml version="1.0" encoding="UTF-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
             <soapenv:Body>
              <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">
               <Ack>true</Ack>
              </notificationsResponse>
             </soapenv:Body>
            </soapenv:Envelope>
            """;
}
