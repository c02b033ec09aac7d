package io.crmsync.secrets;

/**
 * Secrets Manager could not be read or written. The message names the tenant (or the secret) and the operation,
 * never a value; AWS's own error message is left out too, since nothing promises it never echoes a request field.
 */
public class SecretStoreException extends RuntimeException {

    public SecretStoreException(String message) {
        super(message);
    }

    public SecretStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
