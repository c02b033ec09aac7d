package io.crmsync.cli;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 for a Lambda Function URL with AuthType AWS_IAM: service {@code lambda}, the region of the URL, the
 * payload's SHA-256 in {@code x-amz-content-sha256} (Lambda wants it for requests with a body) and signed.
 */
record FunctionUrlSigner(AwsCredentialsProvider credentials, String region, Clock clock) {

    static final String SERVICE = "lambda";
    private static final Pattern FUNCTION_URL_HOST =
            Pattern.compile("[a-z0-9]+\\.lambda-url\\.([a-z0-9-]+)\\.on\\.aws", Pattern.CASE_INSENSITIVE);

    /** Whether requests to this URL need signing: Function URLs live under {@code on.aws}. */
    static boolean isFunctionUrl(URI url) {
        String host = url.getHost();
        return host != null && host.toLowerCase(Locale.ROOT).endsWith(".on.aws");
    }

    /** {@code eu-west-1} from {@code https://<id>.lambda-url.eu-west-1.on.aws/}. */
    static String regionOf(URI url) {
        Matcher host = FUNCTION_URL_HOST.matcher(url.getHost() == null ? "" : url.getHost());
        if (!host.matches()) {
            throw new IllegalArgumentException("cannot tell the AWS region from " + url.getHost()
                    + ": a Function URL's host is <id>.lambda-url.<region>.on.aws");
        }
        return host.group(1).toLowerCase(Locale.ROOT);
    }

    /** Signs for the Function URL at {@code url} with the SDK's default credentials chain. */
    static FunctionUrlSigner forUrl(URI url) {
        return new FunctionUrlSigner(DefaultCredentialsProvider.builder().build(), regionOf(url), Clock.systemUTC());
    }

    /**
     * The headers to send with a request to {@code uri} that carries {@code headers} and {@code body}: those, plus
     * x-amz-date, x-amz-content-sha256, x-amz-security-token (session credentials) and authorization, all named in
     * lower case. The host header is left out: the HTTP client sends the same value itself (and refuses to be given
     * it).
     */
    Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        request.putHeader("x-amz-content-sha256", sha256Hex(body));
        AwsCredentialsIdentity identity = resolve();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity)
                .request(request.build())
                .payload(body.length == 0 ? null : ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        Map<String, String> out = new LinkedHashMap<>();
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                out.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        return out;
    }

    private AwsCredentialsIdentity resolve() {
        try {
            return credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new MissingCredentialsException("no AWS credentials to sign the admin API requests with"
                    + " (a deployed Function URL takes SigV4): set AWS_PROFILE (after `aws sso login`, or use"
                    + " eval \"$(aws configure export-credentials --format env)\"), or AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY.\nThe SDK said: " + e.getMessage());
        }
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
