package io.crmsync.health;

import java.util.Map;

import io.crmsync.lambda.HttpRequestEvent;

/** Function URL events as AWS sends them, for route tests. */
final class Requests {

    private Requests() {
    }

    static HttpRequestEvent get(String pathAndQuery) {
        return request("GET", pathAndQuery, null);
    }

    static HttpRequestEvent request(String method, String pathAndQuery, String body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        return new HttpRequestEvent("2.0", path, query, Map.of("content-type", "application/json"), body, false,
                new HttpRequestEvent.RequestContext("admin.lambda-url.us-east-1.on.aws", "req-1",
                        new HttpRequestEvent.Http(method, path, "127.0.0.1", "test"), 0));
    }
}
