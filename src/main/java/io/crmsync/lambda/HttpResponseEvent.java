package io.crmsync.lambda;

import java.util.Map;

/** A payload format 2.0 response; Lambda turns it into the HTTP answer. */
public record HttpResponseEvent(int statusCode, Map<String, String> headers, String body) {

    public static HttpResponseEvent json(int statusCode, String body) {
        return new HttpResponseEvent(statusCode, Map.of("content-type", "application/json"), body);
    }
}
