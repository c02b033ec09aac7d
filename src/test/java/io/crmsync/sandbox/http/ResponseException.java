package io.crmsync.sandbox.http;

/**
 * Thrown from deep inside a handler (validation, parsing) to answer with a ready error response; the
 * server sends {@link #response()} as is.
 */
public final class ResponseException extends RuntimeException {

    private final transient SandboxResponse response;

    public ResponseException(SandboxResponse response) {
        super("HTTP " + response.status(), null, false, false);
        this.response = response;
    }

    public SandboxResponse response() {
        return response;
    }
}
