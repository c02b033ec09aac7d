package io.crmsync.cli;

/** No AWS credentials to sign with; the message says where they are looked for, never a key. */
final class MissingCredentialsException extends RuntimeException {

    MissingCredentialsException(String message) {
        super(message);
    }
}
