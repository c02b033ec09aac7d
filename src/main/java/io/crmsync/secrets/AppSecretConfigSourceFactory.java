package io.crmsync.secrets;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The deployment's own secrets (the HubSpot app's client secret, the Salesforce connected app's consumer secret)
 * as configuration values, read once at startup from the one JSON secret {@code crmsync.secrets.app-secret-id}
 * names, e.g. {@code {"crmsync.hubspot.client-secret": "..."}}. Its ordinal is below the environment's (300) and
 * above application.properties' (250), so a value set in the environment still wins. Without the key, nothing is
 * read. Only key names are ever logged. Registered in META-INF/services/io.smallrye.config.ConfigSourceFactory.
 */
public class AppSecretConfigSourceFactory implements ConfigSourceFactory {

    public static final String APP_SECRET_ID = "crmsync.secrets.app-secret-id";
    public static final int ORDINAL = 270;
    static final String SOURCE_NAME = "crmsync app secret (AWS Secrets Manager)";

    private static final Logger LOG = Logger.getLogger(AppSecretConfigSourceFactory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Optional<String> secretId = value(context, APP_SECRET_ID);
        if (secretId.isEmpty()) {
            return List.of();
        }
        SecretsSettings settings = SecretsSettings.from(key -> value(context, key));
        Map<String, String> values;
        try (SecretsManagerClient client = SecretsManagerClients.create(settings)) {
            values = read(client, secretId.get());
        }
        LOG.infof("configuration from app secret %s: %s", secretId.get(), values.keySet());
        return List.of(new PropertiesConfigSource(values, SOURCE_NAME, ORDINAL));
    }

    /** The secret's keys and values; every value must be text (or a number or boolean, taken as text). */
    static Map<String, String> read(SecretsManagerClient client, String secretId) {
        String json;
        try {
            json = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (AwsServiceException e) {
            throw new SecretStoreException("cannot read app secret " + secretId + " (" + APP_SECRET_ID + "): "
                    + SecretsManagerCredentialStore.describe(e));
        } catch (SdkException e) {
            throw new SecretStoreException("cannot read app secret " + secretId + " (" + APP_SECRET_ID + "): "
                    + e.getClass().getSimpleName(), e);
        }
        JsonNode root;
        try {
            root = json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the secret's text: only where it fails is kept.
            throw new SecretStoreException("app secret " + secretId + " is not JSON (" + e.getClass().getSimpleName()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new SecretStoreException("app secret " + secretId
                    + " must be a JSON object of configuration keys and their text values");
        }
        Map<String, String> values = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw new SecretStoreException("app secret " + secretId + ": the value of " + field.getKey()
                        + " must be text");
            }
            values.put(field.getKey(), field.getValue().asText());
        }
        return values;
    }

    private static Optional<String> value(ConfigSourceContext context, String key) {
        ConfigValue value = context.getValue(key);
        return Optional.ofNullable(value == null ? null : value.getValue()).map(String::trim)
                .filter(text -> !text.isEmpty());
    }
}
