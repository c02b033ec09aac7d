package io.crmsync.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The function the test profile exports, invoked as Lambda invokes it: the event POSTed to the Quarkus Lambda
 * mock event server (RestAssured's default address in a {@code @QuarkusTest}), the function's answer read back.
 */
public final class FunctionUnderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    FunctionUnderTest() {
    }

    /** The function's answer to one event; the invocation itself must succeed. */
    public JsonNode invoke(Object event) {
        try {
            String body = event instanceof String text ? text : JSON.writeValueAsString(event);
            return JSON.readTree(given().contentType("application/json").body(body).post()
                    .then().statusCode(200).extract().asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sync worker's answer to an SQS event: the ids of the messages it hands back for a retry. */
    public List<String> failedMessageIds(Object sqsEvent) {
        return batchItemFailures(invoke(sqsEvent));
    }

    public static List<String> batchItemFailures(JsonNode response) {
        return response.path("batchItemFailures").findValuesAsText("itemIdentifier");
    }
}
