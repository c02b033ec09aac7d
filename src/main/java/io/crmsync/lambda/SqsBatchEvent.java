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
            String eventSource,
            String eventSourceARN) {

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

    public List<Message> messages() {
        return records == null ? List.of() : records;
    }
}
