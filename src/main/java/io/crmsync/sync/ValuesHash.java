package io.crmsync.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stable fingerprint of the values crmsync last wrote to a record. Comparing it with the values it is
 * about to write lets the worker skip writes that would change nothing, which is what stops echoes of its own
 * writes from bouncing between the CRMs.
 */
public final class ValuesHash {

    private ValuesHash() {
    }

    public static String of(Map<String, ?> values) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // Sorted, length-prefixed fields: no two different value maps can produce the same byte stream.
        for (Map.Entry<String, ?> e : new TreeMap<>(values).entrySet()) {
            update(sha256, e.getKey());
            update(sha256, e.getValue() == null ? null : String.valueOf(e.getValue()));
        }
        return HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }

    private static void update(MessageDigest digest, String s) {
        if (s == null) {
            digest.update((byte) 0);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) 1);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }
}
