package io.crmsync.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The deployment's own secrets: the HubSpot app's client secret, the Salesforce connected app's consumer secret
 * and the fallback HubSpot token. In AWS they are one JSON secret, {@code crmsync.secrets.app-secret-id}, e.g.
 * {@code {"crmsync.hubspot.client-secret": "..."}}; without that key (a local run, the tests) they are the plain
 * configuration keys of the same names.
 *
 * <p>Nothing is read at startup. With SnapStart, whatever init reads is frozen into the snapshot of the published
 * version and restored into every environment, so a rotated secret would never be seen. The secret is read on
 * first use, kept for {@code crmsync.secrets.app-secret-ttl} (default 5 minutes) and read again after that. When a
 * refresh fails, the last value read keeps being served (with a warning, and another attempt every
 * {@link #RETRY_EVERY} at most) for {@code crmsync.secrets.app-secret-max-stale} (default 1 hour) past its expiry;
 * after that a use fails. A key the secret lacks or leaves empty falls back to the plain configuration key. Only
 * key names and the secret's id are ever logged.
 */
@ApplicationScoped
public class AppSecrets {

    public static final String APP_SECRET_ID = "crmsync.secrets.app-secret-id";
    public static final String TTL = "crmsync.secrets.app-secret-ttl";
    public static final String MAX_STALE = "crmsync.secrets.app-secret-max-stale";
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(1);
    /** While Secrets Manager fails, one attempt per this long (or per TTL, if shorter), not one per call. */
    public static final Duration RETRY_EVERY = Duration.ofSeconds(30);

    public static final String HUBSPOT_CLIENT_SECRET = "crmsync.hubspot.client-secret";
    public static final String SALESFORCE_CLIENT_SECRET = "crmsync.salesforce.client-secret";
    public static final String HUBSPOT_ACCESS_TOKEN = "crmsync.hubspot.access-token";

    private static final Logger LOG = Logger.getLogger(AppSecrets.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<String> secretId;
    private final Supplier<SecretsManagerClient> clients;
    private final Function<String, Optional<String>> plainConfig;
    private final Duration ttl;
    private final Duration maxStale;
    private final Clock clock;

    /** Made on the first read, never at startup. */
    private SecretsManagerClient client;
    private volatile Loaded loaded;

    /** What the secret held when it was read, and when to read it again. */
    private record Loaded(Map<String, String> values, Instant readAt, Instant nextRead) {

        @Override
        public String toString() {
            return "Loaded[" + values.keySet() + ", read at " + readAt + "]";
        }
    }

    @Inject
    AppSecrets(Config config) {
        this(nonBlank(config.getOptionalValue(APP_SECRET_ID, String.class)),
                () -> SecretsManagerClients.create(SecretsSettings.from(k -> config.getOptionalValue(k, String.class))),
                key -> config.getOptionalValue(key, String.class),
                config.getOptionalValue(TTL, Duration.class).orElse(DEFAULT_TTL),
                config.getOptionalValue(MAX_STALE, Duration.class).orElse(DEFAULT_MAX_STALE), Clock.systemUTC());
    }

    /**
     * @param secretId    the app secret's name or ARN; empty: the values are the plain configuration keys
     * @param clients     makes the Secrets Manager client, called once, on the first read
     * @param plainConfig the configuration, for the keys themselves (empty when a key is not set)
     */
    public AppSecrets(Optional<String> secretId, Supplier<SecretsManagerClient> clients,
            Function<String, Optional<String>> plainConfig, Duration ttl, Duration maxStale, Clock clock) {
        if (ttl.isNegative() || maxStale.isNegative()) {
            throw new IllegalArgumentException(TTL + " and " + MAX_STALE + " cannot be negative");
        }
        this.secretId = nonBlank(secretId);
        this.clients = clients;
        this.plainConfig = plainConfig;
        this.ttl = ttl;
        this.maxStale = maxStale;
        this.clock = clock;
    }

    /** Only the plain configuration keys, no Secrets Manager: for local runs and tests. */
    public static AppSecrets plain(Map<String, String> values) {
        return new AppSecrets(Optional.empty(), () -> {
            throw new IllegalStateException("no app secret configured");
        }, key -> Optional.ofNullable(values.get(key)), DEFAULT_TTL, DEFAULT_MAX_STALE, Clock.systemUTC());
    }

    /** The HubSpot app's client secret: webhook signatures, code exchange, token refreshes. */
    public Optional<String> hubSpotClientSecret() {
        return value(HUBSPOT_CLIENT_SECRET);
    }

    /** The Salesforce connected app's consumer secret. */
    public Optional<String> salesforceClientSecret() {
        return value(SALESFORCE_CLIENT_SECRET);
    }

    /** A private app's token for {@code make run}'s single-tenant mode only (template.yaml never sets it). */
    public Optional<String> hubSpotAccessToken() {
        return value(HUBSPOT_ACCESS_TOKEN);
    }

    /**
     * The current value of one of the keys, non-blank.
     *
     * @throws SecretStoreException when the secret cannot be read and no value read before may still be served
     */
    public Optional<String> value(String key) {
        if (secretId.isPresent()) {
            Optional<String> fromSecret = Optional.ofNullable(current().get(key)).filter(v -> !v.isBlank());
            if (fromSecret.isPresent()) {
                return fromSecret;
            }
        }
        return plainConfig.apply(key).filter(v -> !v.isBlank());
    }

    /** Whether the values come from Secrets Manager (an app secret id is configured). */
    public boolean fromSecretsManager() {
        return secretId.isPresent();
    }

    private Map<String, String> current() {
        Loaded last = loaded;
        if (last != null && clock.instant().isBefore(last.nextRead())) {
            return last.values();
        }
        synchronized (this) {
            last = loaded;
            Instant now = clock.instant();
            if (last != null && now.isBefore(last.nextRead())) {
                return last.values(); // another thread read it meanwhile
            }
            String id = secretId.orElseThrow();
            try {
                Map<String, String> values = read(client(), id);
                boolean wasFailing = last != null && now.isAfter(last.readAt().plus(ttl));
                loaded = new Loaded(values, now, now.plus(ttl));
                if (last == null) {
                    LOG.infof("app secret %s read: %s", id, values.keySet());
                } else if (wasFailing) {
                    LOG.infof("app secret %s read again: %s", id, values.keySet());
                }
                return values;
            } catch (RuntimeException e) {
                if (last == null) {
                    throw e;
                }
                Instant expired = last.readAt().plus(ttl);
                Instant staleUntil = expired.plus(maxStale);
                String reason = e instanceof SecretStoreException ? e.getMessage() : e.getClass().getSimpleName();
                if (!now.isBefore(staleUntil)) {
                    LOG.errorf("app secret %s: cannot be read (%s), and the value read at %s is past %s (%s)", id,
                            reason, last.readAt(), MAX_STALE, maxStale);
                    throw new SecretStoreException("app secret " + id + " cannot be read, and the value read at "
                            + last.readAt() + " is older than " + MAX_STALE + " allows (" + reason + ")", e);
                }
                Duration wait = RETRY_EVERY.compareTo(ttl) < 0 ? RETRY_EVERY : ttl;
                Instant retry = now.plus(wait).isBefore(staleUntil) ? now.plus(wait) : staleUntil;
                loaded = new Loaded(last.values(), last.readAt(), retry);
                LOG.warnf("app secret %s: refresh failed (%s); serving the value read at %s until %s at the latest",
                        id, reason, last.readAt(), staleUntil);
                return last.values();
            }
        }
    }

    private synchronized SecretsManagerClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
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

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(text -> !text.isEmpty());
    }

    @Override
    public String toString() {
        return "AppSecrets[" + secretId.orElse("plain configuration") + ", ttl " + ttl + "]";
    }
}
