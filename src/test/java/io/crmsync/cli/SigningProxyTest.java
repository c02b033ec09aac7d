package io.crmsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The health page's local proxy against a tiny JDK HttpServer standing in for the admin-api Function URL: what
 * arrives there (method, path, query, body, content-type, a SigV4 signature when the target is a Function URL) and
 * what comes back to the browser.
 */
class SigningProxyTest {

    /** One request as the stand-in Function URL received it. */
    record Received(String method, String rawPath, String rawQuery, Map<String, String> headers, String body) {
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final HttpClient browser = HttpClient.newHttpClient();
    private HttpServer functionUrl;
    private URI functionUrlBase;
    private SigningProxy proxy;

    @BeforeEach
    void startFunctionUrl() throws IOException {
        functionUrl = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        functionUrl.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), headers,
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                byte[] answer = "category,code\nAUTH,401\n".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("content-type", "text/csv; charset=utf-8");
                exchange.getResponseHeaders().set("content-security-policy", "default-src 'none'");
                exchange.getResponseHeaders().set("x-amzn-requestid", "not for the browser");
                exchange.sendResponseHeaders(207, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        });
        functionUrl.start();
        functionUrlBase = URI.create("http://127.0.0.1:" + functionUrl.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        functionUrl.stop(0);
    }

    @Test
    void forwardsMethodPathQueryBodyAndContentTypeAndCopiesTheAnswerBack() throws Exception {
        proxy = SigningProxy.start(new AdminApi(functionUrlBase, null), HttpClient.newHttpClient(), 0);

        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(proxy.address().resolve(
                "tenants/acme/errors/resync?dry=1&record=hubspot%3Acontact%3A101"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[\"hubspot:contact:101\"]}"))
                .header("content-type", "application/json").header("accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());

        Received request = received.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/tenants/acme/errors/resync");
        assertThat(request.rawQuery()).isEqualTo("dry=1&record=hubspot%3Acontact%3A101");
        assertThat(request.body()).isEqualTo("{\"records\":[\"hubspot:contact:101\"]}");
        assertThat(request.headers()).containsEntry("content-type", "application/json")
                .containsEntry("accept", "application/json").doesNotContainKey("authorization");
        assertThat(answer.statusCode()).isEqualTo(207);
        assertThat(answer.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
        assertThat(answer.headers().firstValue("content-security-policy")).hasValue("default-src 'none'");
        assertThat(answer.headers().firstValue("x-amzn-requestid")).isEmpty();
        assertThat(answer.body()).isEqualTo("category,code\nAUTH,401\n");
        assertThat(proxy.address().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
    }

    @Test
    void aFunctionUrlTargetGetsEveryRequestSignedForLambda() throws Exception {
        // The signing decision and region are a Function URL's; the requests go to the loopback stand-in.
        proxy = SigningProxy.start(new AdminApi(functionUrlBase, CrmsyncCliTest.signer()),
                HttpClient.newHttpClient(), 0);

        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(proxy.address()).build(),
                HttpResponse.BodyHandlers.ofString());
        browser.send(HttpRequest.newBuilder(proxy.address().resolve("tenants/acme/connect/hubspot"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(207);
        Received get = received.poll(5, TimeUnit.SECONDS);
        Received post = received.poll(5, TimeUnit.SECONDS);
        assertThat(get.rawPath()).isEqualTo("/");
        assertThat(get.headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"
                + "20240501/eu-west-1/lambda/aws4_request, SignedHeaders=");
        assertThat(SigV4Check.verifies("GET", get.rawPath(), get.rawQuery(), get.headers(), get.body(),
                CrmsyncCliTest.SECRET_KEY)).isTrue();
        assertThat(post.headers().get("authorization")).contains("/eu-west-1/lambda/aws4_request");
        assertThat(post.headers().get("x-amz-content-sha256")).isEqualTo(SigV4Check.sha256("{}"));
        assertThat(SigV4Check.verifies("POST", post.rawPath(), post.rawQuery(), post.headers(),
                post.body(), CrmsyncCliTest.SECRET_KEY)).isTrue();
    }

    @Test
    void noCredentialsIsAClearAnswerAndNothingIsSent() throws Exception {
        FunctionUrlSigner none = new FunctionUrlSigner(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }, "eu-west-1", CrmsyncCliTest.CLOCK);
        proxy = SigningProxy.start(new AdminApi(functionUrlBase, none), HttpClient.newHttpClient(), 0);

        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(proxy.address()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).startsWith("no AWS credentials to sign the admin API requests with");
        assertThat(received).isEmpty();
    }

    @Test
    void requestsFromAnotherSiteOrForAnotherHostAreRefused() throws Exception {
        proxy = SigningProxy.start(new AdminApi(functionUrlBase, null), HttpClient.newHttpClient(), 0);

        HttpResponse<String> crossSite = browser.send(HttpRequest.newBuilder(proxy.address().resolve(
                "tenants/acme/connect/hubspot")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> fetchMetadata = browser.send(HttpRequest.newBuilder(proxy.address())
                .header("sec-fetch-site", "cross-site").build(), HttpResponse.BodyHandlers.ofString());
        String rebound = rawGet(proxy.address().getPort(), "evil.example:" + proxy.address().getPort());
        HttpResponse<String> sameOrigin = browser.send(HttpRequest.newBuilder(proxy.address().resolve("tenants"))
                .header("origin", "http://127.0.0.1:" + proxy.address().getPort())
                .header("sec-fetch-site", "same-origin").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(fetchMetadata.statusCode()).isEqualTo(403);
        assertThat(rebound).startsWith("HTTP/1.1 403");
        assertThat(sameOrigin.statusCode()).isEqualTo(207);
        assertThat(received).hasSize(1);
        assertThat(received.peek().rawPath()).isEqualTo("/tenants");
    }

    /** A GET naming another host, as a page on a rebound DNS name would send it (HttpClient cannot set Host). */
    private static String rawGet(int port, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
