package io.crmsync.connect;

/** A connection that cannot be made, with a reason fit to show the user; never carries a token or secret. */
public class ConnectException extends RuntimeException {

    public ConnectException(String reason) {
        super(reason);
    }

    public ConnectException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
