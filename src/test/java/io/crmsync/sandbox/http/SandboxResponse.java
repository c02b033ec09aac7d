package io.crmsync.sandbox.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An answer to send: status, headers and body bytes. Immutable; {@link #withHeader} returns a copy. */
public record SandboxResponse(int status, Map<String, String> headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SandboxResponse {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** Serialises {@code value} (maps, lists, records …) with Jackson. */
    public static SandboxResponse json(int status, Object value) {
        try {
            return new SandboxResponse(status, Map.of("Content-Type", "application/json;charset=UTF-8"),
                    JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not serialisable as JSON: " + value, e);
        }
    }

    /** A status with no body (204, and 201/200 answers that carry none). */
    public static SandboxResponse empty(int status) {
        return new SandboxResponse(status, Map.of(), new byte[0]);
    }

    public static SandboxResponse text(int status, String text) {
        return new SandboxResponse(status, Map.of("Content-Type", "text/plain;charset=UTF-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    public SandboxResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SandboxResponse(status, copy, body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
