package io.crmsync.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SigV4 checked the way the receiving side does, written from the specification rather than with the SDK: the
 * canonical request from what arrived, the string to sign, the signing key chain, the signature compared.
 */
final class SigV4Check {

    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/"
            + "([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    private SigV4Check() {
    }

    static boolean verifies(String method, String rawPath, String rawQuery, Map<String, String> headers,
            String body, String secretKey) throws Exception {
        Matcher auth = AUTHORIZATION.matcher(headers.get("authorization"));
        if (!auth.matches() || !sha256(body).equals(headers.get("x-amz-content-sha256"))) {
            return false;
        }
        String date = auth.group(2);
        String region = auth.group(3);
        String service = auth.group(4);
        List<String> signedHeaders = List.of(auth.group(5).split(";"));
        String canonicalHeaders = signedHeaders.stream()
                .map(name -> name + ":" + headers.get(name).strip().replaceAll(" +", " ") + "\n")
                .collect(Collectors.joining());
        String canonicalQuery = rawQuery == null ? "" : Arrays.stream(rawQuery.split("&"))
                .map(pair -> pair.split("=", 2))
                .map(kv -> encode(decode(kv[0])) + "=" + encode(kv.length > 1 ? decode(kv[1]) : ""))
                .sorted().collect(Collectors.joining("&"));
        // Lambda, like every service but S3, encodes the (already encoded) path once more.
        String canonicalPath = Arrays.stream(rawPath.split("/", -1)).map(SigV4Check::encode)
                .collect(Collectors.joining("/"));
        String canonicalRequest = String.join("\n", method, canonicalPath, canonicalQuery, canonicalHeaders,
                String.join(";", signedHeaders), sha256(body));
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", headers.get("x-amz-date"), scope,
                sha256(canonicalRequest));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, stringToSign)).equals(auth.group(6));
    }

    static String sha256(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    /** RFC 3986 unreserved characters as they are, every other byte %XX. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "-_.~".indexOf(c) >= 0;
            if (unreserved) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
