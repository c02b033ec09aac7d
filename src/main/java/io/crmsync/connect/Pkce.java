package io.crmsync.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A PKCE pair (RFC 7636): the verifier kept with the pending connection until the code is exchanged, and its S256
 * challenge sent in the authorize URL, so a code intercepted on its way back is useless to anyone else.
 * {@link #toString()} leaves the verifier out.
 */
public record Pkce(String verifier, String challenge) {

    /** The only method crmsync sends: plain would hand the verifier to whoever sees the authorize URL. */
    public static final String METHOD = "S256";
    /** RFC 7636 §4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    /** 64 random bytes: 86 base64url characters, 512 bits, well past the RFC's recommended 256. */
    private static final int VERIFIER_BYTES = 64;

    public Pkce {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            throw new IllegalArgumentException("a PKCE verifier is 43 to 128 unreserved characters");
        }
        if (!challengeOf(verifier).equals(challenge)) {
            throw new IllegalArgumentException("the PKCE challenge is not the verifier's S256");
        }
    }

    /** A fresh verifier from {@code random} and its challenge. */
    public static Pkce generate(SecureRandom random) {
        byte[] bytes = new byte[VERIFIER_BYTES];
        random.nextBytes(bytes);
        return of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public static Pkce of(String verifier) {
        return new Pkce(verifier, challengeOf(verifier));
    }

    /** S256: BASE64URL(SHA-256(ASCII(verifier))), without padding. */
    public static String challengeOf(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "Pkce[" + METHOD + "]";
    }
}
