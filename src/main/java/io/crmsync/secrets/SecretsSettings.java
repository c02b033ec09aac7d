package io.crmsync.secrets;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to reach AWS Secrets Manager. In Lambda every field is empty: the region comes from AWS_REGION and the
 * credentials from the function's role (the SDK's default chains). Tests and the local stack set all four.
 *
 * @param endpointOverride where the API answers instead of AWS (the local server)
 * @param region           the region, when the SDK's region chain must not decide
 * @param accessKeyId      static credentials, used only together with {@code secretAccessKey}
 * @param secretAccessKey  static credentials, used only together with {@code accessKeyId}
 */
public record SecretsSettings(Optional<URI> endpointOverride, Optional<String> region, Optional<String> accessKeyId,
        Optional<String> secretAccessKey) {

    public static final String ENDPOINT_OVERRIDE = "crmsync.secrets.endpoint-override";
    public static final String REGION = "crmsync.secrets.region";
    public static final String ACCESS_KEY_ID = "crmsync.secrets.access-key-id";
    public static final String SECRET_ACCESS_KEY = "crmsync.secrets.secret-access-key";

    public static final SecretsSettings DEFAULTS = new SecretsSettings(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /** Reads the four keys through {@code config}, which answers empty for a key that is not set. */
    public static SecretsSettings from(Function<String, Optional<String>> config) {
        return new SecretsSettings(nonBlank(config, ENDPOINT_OVERRIDE).map(URI::create), nonBlank(config, REGION),
                nonBlank(config, ACCESS_KEY_ID), nonBlank(config, SECRET_ACCESS_KEY));
    }

    /** Static credentials are used only when both halves are set; otherwise the SDK's default chain. */
    public boolean hasStaticCredentials() {
        return accessKeyId.isPresent() && secretAccessKey.isPresent();
    }

    private static Optional<String> nonBlank(Function<String, Optional<String>> config, String key) {
        return config.apply(key).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** Never prints the secret access key. */
    @Override
    public String toString() {
        return "SecretsSettings[endpointOverride=" + endpointOverride.map(URI::toString).orElse("AWS") + ", region="
                + region.orElse("from the SDK chain") + ", credentials="
                + (hasStaticCredentials() ? "static" : "from the SDK chain") + "]";
    }
}
