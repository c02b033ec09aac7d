package io.crmsync.lambda;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The event an SQS event source mapping hands to a function: up to its batch size of messages. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SqsBatchEvent(@JsonProperty("Records") List<Message> records) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(
            String messageId,
            String receiptHandle,
            String body,
            Map<String, String> attributes,
            Map<String, MessageAttribute> messageAttributes,
            String eventSource,
            String eventSourceARN) {

        /** The constructor JSON binds to (the record has a second one). */
        @com.fasterxml.jackson.annotation.JsonCreator
        public Message {
        }

        /** A message without message attributes. */
        public Message(String messageId, String receiptHandle, String body, Map<String, String> attributes,
                String eventSource, String eventSourceARN) {
            this(messageId, receiptHandle, body, attributes, Map.of(), eventSource, eventSourceARN);
        }

        /** A message attribute's text, if the message carries it. */
        public java.util.Optional<String> messageAttribute(String name) {
            return java.util.Optional.ofNullable(messageAttributes).map(a -> a.get(name))
                    .map(MessageAttribute::stringValue);
        }

        /** How many times SQS has handed this message out, 1 on the first delivery. */
        public int receiveCount() {
            if (attributes == null) {
                return 1;
            }
            try {
                return Integer.parseInt(attributes.getOrDefault("ApproximateReceiveCount", "1"));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
    }

    /** A message attribute as Lambda's SQS event carries it (String and Number attributes: stringValue). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MessageAttribute(String stringValue, String dataType) {
    }

    public List<Message> messages() {
        return records == null ? List.of() : records;
    }
}
