package io.crmsync.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.LocalSecretsManager;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The app secret as configuration, the way a function starts in Lambda: the secret's id and the local endpoint
 * come from environment variables, the values from {@link LocalSecretsManager}.
 */
class AppSecretConfigSourceFactoryTest {

    static final String HUBSPOT_SECRET = "hs-client-secret-1b2c3d";
    static final String SALESFORCE_SECRET = "sf-consumer-secret-4e5f6a";

    static LocalSecretsManager server;
    static SecretsManagerClient client;
    String appSecretArn;

    @BeforeAll
    static void startServer() {
        server = LocalSecretsManager.start();
        client = SecretsManagerClients.create(SecretsManagerCredentialStoreTest.localSettings(server.endpoint()));
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @BeforeEach
    void storeTheAppSecret() {
        server.reset();
        appSecretArn = client.createSecret(b -> b.name("crmsync-test/app").secretString(
                "{\"crmsync.hubspot.client-secret\":\"" + HUBSPOT_SECRET + "\",\"crmsync.salesforce.client-secret\":\""
                        + SALESFORCE_SECRET + "\"}")).arn();
    }

    /** Lambda's environment for a function of this stack, plus what stands in locally for AWS. */
    Map<String, String> environment(String appSecretId) {
        Map<String, String> env = new HashMap<>();
        env.put("CRMSYNC_SECRETS_APP_SECRET_ID", appSecretId);
        env.put("CRMSYNC_SECRETS_ENDPOINT_OVERRIDE", server.endpoint());
        env.put("CRMSYNC_SECRETS_REGION", LocalAws.REGION);
        env.put("CRMSYNC_SECRETS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY);
        env.put("CRMSYNC_SECRETS_SECRET_ACCESS_KEY", LocalAws.SECRET_KEY);
        return env;
    }

    static SmallRyeConfig config(Map<String, String> environment, Map<String, String> applicationProperties) {
        return new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(environment, 300))
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withSources(new AppSecretConfigSourceFactory())
                .build();
    }

    @Test
    void theSecretsKeysBecomeConfigurationValuesReadOnce() {
        SmallRyeConfig config = config(environment(appSecretArn), Map.of());

        assertThat(config.getValue("crmsync.hubspot.client-secret", String.class)).isEqualTo(HUBSPOT_SECRET);
        assertThat(config.getValue("crmsync.salesforce.client-secret", String.class)).isEqualTo(SALESFORCE_SECRET);
        config.getValue("crmsync.hubspot.client-secret", String.class);
        assertThat(server.calls("GetSecretValue")).isEqualTo(1);
    }

    @Test
    void theSecretIsFoundByNameToo() {
        SmallRyeConfig config = config(environment("crmsync-test/app"), Map.of());

        assertThat(config.getValue("crmsync.hubspot.client-secret", String.class)).isEqualTo(HUBSPOT_SECRET);
    }

    /** Ordinal 270: below the environment (a local override wins), above application.properties. */
    @Test
    void anEnvironmentValueWinsAndTheSecretWinsOverApplicationProperties() {
        Map<String, String> env = environment(appSecretArn);
        env.put("CRMSYNC_HUBSPOT_CLIENT_SECRET", "set-in-the-environment");

        SmallRyeConfig config = config(env, Map.of("crmsync.salesforce.client-secret", "from-application-properties"));

        assertThat(config.getValue("crmsync.hubspot.client-secret", String.class)).isEqualTo("set-in-the-environment");
        assertThat(config.getValue("crmsync.salesforce.client-secret", String.class)).isEqualTo(SALESFORCE_SECRET);
    }

    @Test
    void withoutAnAppSecretIdNothingIsRead() {
        Map<String, String> env = environment(appSecretArn);
        env.remove("CRMSYNC_SECRETS_APP_SECRET_ID");

        SmallRyeConfig config = config(env, Map.of());

        assertThat(config.getOptionalValue("crmsync.hubspot.client-secret", String.class)).isEmpty();
        assertThat(server.calls("GetSecretValue")).isZero();
    }

    @Test
    void aMissingSecretStopsStartupNamingTheSecret() {
        String missing = "crmsync-test/no-such-app";

        assertThatThrownBy(() -> config(environment(missing), Map.of())).hasStackTraceContaining(
                "cannot read app secret " + missing + " (crmsync.secrets.app-secret-id): ResourceNotFoundException");
    }

    @Test
    void aSecretThatIsNotAJsonObjectOfTextStopsStartupWithoutShowingIt() {
        for (String text : List.of("hs-client-secret-1b2c3d", "[\"hs-client-secret-1b2c3d\"]",
                "{\"crmsync.hubspot.client-secret\": {\"nested\": \"hs-client-secret-1b2c3d\"}}")) {
            server.reset();
            client.createSecret(b -> b.name("crmsync-test/app").secretString(text));

            assertThatThrownBy(() -> config(environment("crmsync-test/app"), Map.of())).as(text)
                    .hasStackTraceContaining("app secret crmsync-test/app")
                    .satisfies(thrown -> {
                        for (Throwable t = thrown; t != null; t = t.getCause()) {
                            assertThat(t.getMessage()).as(text).doesNotContain(HUBSPOT_SECRET);
                        }
                    });
        }
    }

    @Test
    void onlyKeyNamesAreLogged() {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Object[] parameters = record.getParameters();
                logged.add(parameters == null ? record.getMessage()
                        : String.format(record.getMessage(), parameters));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(AppSecretConfigSourceFactory.class.getName());
        logger.addHandler(capture);
        try {
            config(environment(appSecretArn), Map.of());
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(logged).hasSize(1);
        assertThat(logged.get(0)).contains("crmsync.hubspot.client-secret", "crmsync.salesforce.client-secret")
                .doesNotContain(HUBSPOT_SECRET, SALESFORCE_SECRET);
    }

    @Test
    void theFactoryIsRegisteredForQuarkus() {
        assertThat(ServiceLoader.load(ConfigSourceFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(AppSecretConfigSourceFactory.class);
    }
}
