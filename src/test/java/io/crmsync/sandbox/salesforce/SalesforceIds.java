package io.crmsync.sandbox.salesforce;

/**
 * Salesforce record ids: 15 case-sensitive characters (3-character key prefix, 2-character pod, 1 reserved,
 * 9 base-62 digits), made case-safe as 18 by a 3-character checksum of where the capitals are.
 */
public final class SalesforceIds {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    /** A made-up pod and reserved character, so the ids look like production ones. */
    private static final String POD = "8d0";

    private SalesforceIds() {
    }

    /** The 18-character id for a 15-character one; an 18-character id comes back as is (after a length check). */
    public static String to18(String id) {
        if (id.length() == 18) {
            return id;
        }
        if (id.length() != 15) {
            throw new IllegalArgumentException("A Salesforce id has 15 or 18 characters: " + id);
        }
        StringBuilder suffix = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(CHECKSUM_ALPHABET.charAt(bits));
        }
        return id + suffix;
    }

    /** The {@code sequence}-th id for objects with this key prefix, 18 characters. */
    public static String newId(String keyPrefix, long sequence) {
        if (keyPrefix.length() != 3) {
            throw new IllegalArgumentException("A key prefix has 3 characters: " + keyPrefix);
        }
        StringBuilder digits = new StringBuilder();
        long n = sequence;
        do {
            digits.insert(0, BASE62.charAt((int) (n % 62)));
            n /= 62;
        } while (n > 0);
        if (digits.length() > 9) {
            throw new IllegalArgumentException("Sequence too large for an id: " + sequence);
        }
        while (digits.length() < 9) {
            digits.insert(0, '0');
        }
        return to18(keyPrefix + POD + digits);
    }

    /** Whether {@code value} has the shape of a 15- or 18-character id whose checksum (if any) is right. */
    public static boolean isValid(String value) {
        if (value == null || (value.length() != 15 && value.length() != 18)) {
            return false;
        }
        for (int i = 0; i < 15; i++) {
            if (BASE62.indexOf(value.charAt(i)) < 0) {
                return false;
            }
        }
        return value.length() == 15 || to18(value.substring(0, 15)).equals(value);
    }
}
