package io.crmsync.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code state} of an OAuth flow, {@code <tenantId>.<nonce>}: the tenant tells the callback whose pending
 * connection to check, and the unguessable nonce (32 random bytes) proves the callback answers the authorize URL
 * crmsync handed out. {@link #toString()} names only the tenant.
 */
public record OAuthState(String tenantId, String nonce) {

    private static final int NONCE_BYTES = 32;
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{43}");

    public OAuthState {
        if (tenantId == null || tenantId.isBlank() || tenantId.contains(".")) {
            throw new IllegalArgumentException("a state names a tenant id without dots");
        }
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            throw new IllegalArgumentException("a state's nonce is 32 bytes in base64url");
        }
    }

    public static OAuthState fresh(String tenantId, SecureRandom random) {
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        return new OAuthState(tenantId, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The state a callback brought back, or empty when it is not one crmsync could have made. */
    public static Optional<OAuthState> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int dot = value.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OAuthState(value.substring(0, dot), value.substring(dot + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String value() {
        return tenantId + "." + nonce;
    }

    /** Whether {@code saved} (the pending connection's state) is this one, compared in constant time. */
    public boolean matches(String saved) {
        return saved != null && MessageDigest.isEqual(value().getBytes(StandardCharsets.UTF_8),
                saved.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "OAuthState[" + tenantId + "]";
    }
}
