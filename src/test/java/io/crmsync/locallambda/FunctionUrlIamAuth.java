package io.crmsync.locallambda;

import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * What a Function URL with {@code AuthType: AWS_IAM} checks before it invokes the function: a SigV4 signature for
 * service {@code lambda} by a known key, made within 15 minutes. The signature is checked by signing the request
 * again as it arrived (the signed headers only, at the request's own x-amz-date) and comparing. Locally the one
 * allowed principal is the administrator key of local AWS; IAM policies are not evaluated here.
 */
public record FunctionUrlIamAuth(String accessKeyId, String secretAccessKey) {

    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/"
            + "([^/]+)/lambda/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'",
            Locale.ROOT);
    private static final long SKEW_SECONDS = 15 * 60;

    /**
     * @param headers the request's headers, names in lower case
     * @return whether the request is signed by the known key, with a matching signature, recently
     */
    public boolean allows(String method, URI uri, Map<String, String> headers, byte[] body, Clock clock) {
        String authorization = headers.get("authorization");
        String date = headers.get("x-amz-date");
        if (authorization == null || date == null) {
            return false;
        }
        Matcher auth = AUTHORIZATION.matcher(authorization);
        if (!auth.matches() || !auth.group(1).equals(accessKeyId)) {
            return false;
        }
        LocalDateTime signedAt;
        try {
            signedAt = LocalDateTime.parse(date, AMZ_DATE);
        } catch (DateTimeParseException e) {
            return false;
        }
        if (Math.abs(signedAt.toEpochSecond(ZoneOffset.UTC) - clock.instant().getEpochSecond()) > SKEW_SECONDS) {
            return false;
        }
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        for (String name : List.of(auth.group(4).split(";"))) {
            if (!name.equals("host") && !name.equals("x-amz-date") && headers.containsKey(name)) {
                request.putHeader(name, headers.get(name));
            }
        }
        try {
            SdkHttpRequest resigned = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsBasicCredentials.create(accessKeyId, secretAccessKey))
                    .request(request.build())
                    .payload(body.length == 0 ? null : ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, auth.group(3))
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt.toInstant(ZoneOffset.UTC),
                            ZoneOffset.UTC))).request();
            Matcher expected = AUTHORIZATION.matcher(resigned.firstMatchingHeader("Authorization").orElse(""));
            return expected.matches() && MessageDigest.isEqual(expected.group(5).getBytes(),
                    auth.group(5).getBytes());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
