package io.crmsync.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** An Amazon EventBridge event as a rule target receives it; {@code detail} is the partner's payload. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventBridgeEvent(
        String version,
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        String time,
        String region,
        JsonNode detail) {
}
