package io.crmsync.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A call to the local admin API's Function URL, unsigned (local tools and tests call it so), JSON in and out. */
final class AdminCalls {

    private AdminCalls() {
    }

    static HttpResponse<String> send(HttpClient http, String adminUrl, String method, String path, String body,
            Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl.replaceAll("/+$", "") + path))
                .timeout(timeout);
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("content-type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
