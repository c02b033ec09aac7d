package io.crmsync.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the admin API answers and how requests to it are made: signed when {@code signer} is set (a deployed
 * Function URL), as they are for {@code make run}'s local one otherwise.
 */
record AdminApi(URI base, FunctionUrlSigner signer) {

    /** The admin API at {@code url}, signed with the default AWS credentials when it is a Function URL. */
    static AdminApi at(String url) {
        URI base;
        try {
            base = new URI(url.replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
            base = null;
        }
        if (base == null || base.getHost() == null || !List.of("http", "https").contains(base.getScheme())) {
            throw new IllegalArgumentException("the admin API URL (--url, or CRMSYNC_ADMIN_URL) is not an http(s)"
                    + " URL: " + url);
        }
        return new AdminApi(base, FunctionUrlSigner.isFunctionUrl(base) ? FunctionUrlSigner.forUrl(base) : null);
    }

    /**
     * The HTTP request for {@code pathAndQuery} (raw, already encoded) with the given headers and body, signed if
     * this API needs it.
     */
    HttpRequest httpRequest(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        URI uri = URI.create(base + pathAndQuery);
        Map<String, String> sent = signer == null ? headers : signer.sign(method, uri, headers, body);
        HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(150))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        sent.forEach(http::header);
        return http.build();
    }

    HttpRequest httpRequest(ApiRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (request.contentType() != null) {
            headers.put("content-type", request.contentType());
        }
        headers.put("accept", request.accept());
        return httpRequest(request.method(), request.path(), headers,
                request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8));
    }
}
