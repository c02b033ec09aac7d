package io.crmsync.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalSecretsManager;
import io.crmsync.sandbox.http.MutableClock;
import io.smallrye.config.ConfigSourceFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The app secret read lazily and kept for a TTL, against {@link LocalSecretsManager} through the real SDK client
 * (the one {@link SecretsManagerClients} builds, as in Lambda): nothing is read until a value is first used (so a
 * SnapStart snapshot holds none), a rotated secret is used once the TTL has passed, without a restart, and a
 * failing Secrets Manager is ridden out on the last value for a bounded time.
 */
class AppSecretsTest {

    static final String SECRET_NAME = "crmsync-test/app";
    static final String HUBSPOT_SECRET = "hs-client-secret-1b2c3d";
    static final String SALESFORCE_SECRET = "sf-consumer-secret-4e5f6a";
    static final String ROTATED = "hs-client-secret-rotated-9z8y";
    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration MAX_STALE = Duration.ofHours(1);

    static LocalSecretsManager server;
    static SecretsManagerClient client;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    final Map<String, String> plainConfig = new HashMap<>();
    final AtomicInteger clientsMade = new AtomicInteger();
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
        appSecretArn = client.createSecret(b -> b.name(SECRET_NAME).secretString(json(HUBSPOT_SECRET))).arn();
    }

    static String json(String hubSpotSecret) {
        return "{\"crmsync.hubspot.client-secret\":\"" + hubSpotSecret + "\",\"crmsync.salesforce.client-secret\":\""
                + SALESFORCE_SECRET + "\",\"crmsync.hubspot.access-token\":\"\"}";
    }

    /** As a function builds it in Lambda: its own SDK client, made on first use, from the crmsync.secrets.* keys. */
    AppSecrets appSecrets(String secretId, Clock clock, Duration ttl) {
        return new AppSecrets(Optional.ofNullable(secretId), () -> {
            clientsMade.incrementAndGet();
            return SecretsManagerClients.create(SecretsManagerCredentialStoreTest.localSettings(server.endpoint()));
        }, key -> Optional.ofNullable(plainConfig.get(key)), ttl, MAX_STALE, clock);
    }

    AppSecrets appSecrets() {
        return appSecrets(appSecretArn, clock, TTL);
    }

    @Test
    void nothingIsReadUntilAValueIsFirstUsedThenItIsKeptForTheTtl() {
        AppSecrets secrets = appSecrets();

        assertThat(server.calls("GetSecretValue")).as("reads at construction (init, the SnapStart snapshot)").isZero();
        assertThat(clientsMade).as("no SDK client either").hasValue(0);

        assertThat(secrets.hubSpotClientSecret()).contains(HUBSPOT_SECRET);
        assertThat(secrets.salesforceClientSecret()).contains(SALESFORCE_SECRET);
        clock.advance(TTL.minusSeconds(1));
        assertThat(secrets.hubSpotClientSecret()).contains(HUBSPOT_SECRET);
        assertThat(server.calls("GetSecretValue")).isEqualTo(1);
    }

    @Test
    void aRotatedSecretIsUsedOnceTheTtlHasPassedWithoutARestart() {
        AppSecrets secrets = appSecrets();
        assertThat(secrets.hubSpotClientSecret()).contains(HUBSPOT_SECRET);

        client.putSecretValue(b -> b.secretId(SECRET_NAME).secretString(json(ROTATED)));
        clock.advance(TTL.minusSeconds(1));
        assertThat(secrets.hubSpotClientSecret()).as("within the TTL").contains(HUBSPOT_SECRET);
        clock.advance(Duration.ofSeconds(1));
        assertThat(secrets.hubSpotClientSecret()).as("after the TTL").contains(ROTATED);

        assertThat(server.calls("GetSecretValue")).isEqualTo(2);
        assertThat(clientsMade).as("one client, kept").hasValue(1);
    }

    @Test
    void aRotationIsSeenOnTheRealClockToo() throws InterruptedException {
        AppSecrets secrets = appSecrets(SECRET_NAME, Clock.systemUTC(), Duration.ofMillis(300));
        assertThat(secrets.hubSpotClientSecret()).contains(HUBSPOT_SECRET);

        client.putSecretValue(b -> b.secretId(SECRET_NAME).secretString(json(ROTATED)));
        Thread.sleep(400);

        assertThat(secrets.hubSpotClientSecret()).contains(ROTATED);
    }

    @Test
    void aFailedRefreshServesTheLastValueForABoundedTimeTryingAgainNowAndThen() {
        AppSecrets secrets = appSecrets();
        assertThat(secrets.hubSpotClientSecret()).contains(HUBSPOT_SECRET);
        server.failWith(500, "InternalServiceError");
        List<String> logged = capture(() -> {
            clock.advance(TTL);
            assertThat(secrets.hubSpotClientSecret()).contains(HUBSPOT_SECRET);
            // (the SDK itself retries a 500 a few times: each attempt is counted)
            int afterTheFailedRefresh = server.calls("GetSecretValue");
            assertThat(afterTheFailedRefresh).isGreaterThan(1);
            clock.advance(AppSecrets.RETRY_EVERY.minusSeconds(1));
            assertThat(secrets.hubSpotClientSecret()).as("no new attempt yet").contains(HUBSPOT_SECRET);
            assertThat(server.calls("GetSecretValue")).isEqualTo(afterTheFailedRefresh);
            clock.advance(Duration.ofSeconds(1));
            assertThat(secrets.hubSpotClientSecret()).contains(HUBSPOT_SECRET);
            assertThat(server.calls("GetSecretValue")).isGreaterThan(afterTheFailedRefresh);
        });
        assertThat(logged).isNotEmpty().allSatisfy(line -> assertThat(line).contains("refresh failed")
                .doesNotContain(HUBSPOT_SECRET, SALESFORCE_SECRET));

        clock.set(Instant.parse("2026-12-07T10:00:00Z").plus(TTL).plus(MAX_STALE));
        assertThatThrownBy(secrets::hubSpotClientSecret).isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("app secret " + appSecretArn + " cannot be read")
                .hasMessageContaining(AppSecrets.MAX_STALE).hasMessageNotContaining(HUBSPOT_SECRET);

        server.stopFailing();
        client.putSecretValue(b -> b.secretId(SECRET_NAME).secretString(json(ROTATED)));
        assertThat(secrets.hubSpotClientSecret()).as("back once Secrets Manager answers").contains(ROTATED);
    }

    @Test
    void theSecretIsFoundByNameToo() {
        assertThat(appSecrets(SECRET_NAME, clock, TTL).hubSpotClientSecret()).contains(HUBSPOT_SECRET);
    }

    @Test
    void withoutAnAppSecretIdThePlainKeysAreUsedAndSecretsManagerIsNeverCalled() {
        plainConfig.put(AppSecrets.HUBSPOT_CLIENT_SECRET, "from-application-properties");
        AppSecrets secrets = appSecrets(null, clock, TTL);

        assertThat(secrets.hubSpotClientSecret()).contains("from-application-properties");
        assertThat(secrets.salesforceClientSecret()).isEmpty();
        assertThat(secrets.fromSecretsManager()).isFalse();
        assertThat(server.calls("GetSecretValue")).isZero();
        assertThat(clientsMade).hasValue(0);
    }

    @Test
    void aKeyTheSecretLacksOrLeavesEmptyFallsBackToThePlainKey() {
        plainConfig.put(AppSecrets.HUBSPOT_ACCESS_TOKEN, "pat-local-override");
        plainConfig.put(AppSecrets.HUBSPOT_CLIENT_SECRET, "ignored: the secret has one");
        AppSecrets secrets = appSecrets();

        assertThat(secrets.hubSpotAccessToken()).contains("pat-local-override");
        assertThat(secrets.hubSpotClientSecret()).contains(HUBSPOT_SECRET);
    }

    @Test
    void aMissingSecretFailsTheFirstUseNamingTheSecret() {
        String missing = "crmsync-test/no-such-app";

        assertThatThrownBy(() -> appSecrets(missing, clock, TTL).hubSpotClientSecret())
                .isInstanceOf(SecretStoreException.class).hasMessageStartingWith("cannot read app secret " + missing
                        + " (crmsync.secrets.app-secret-id): ResourceNotFoundException");
    }

    @Test
    void aSecretThatIsNotAJsonObjectOfTextFailsWithoutShowingIt() {
        for (String text : List.of("hs-client-secret-1b2c3d", "[\"hs-client-secret-1b2c3d\"]",
                "{\"crmsync.hubspot.client-secret\": {\"nested\": \"hs-client-secret-1b2c3d\"}}")) {
            server.reset();
            client.createSecret(b -> b.name(SECRET_NAME).secretString(text));

            assertThatThrownBy(() -> appSecrets(SECRET_NAME, clock, TTL).hubSpotClientSecret()).as(text)
                    .hasStackTraceContaining("app secret " + SECRET_NAME)
                    .satisfies(thrown -> {
                        for (Throwable t = thrown; t != null; t = t.getCause()) {
                            assertThat(t.getMessage()).as(text).doesNotContain(HUBSPOT_SECRET);
                        }
                    });
        }
    }

    @Test
    void onlyKeyNamesAreLogged() {
        List<String> logged = capture(() -> appSecrets().hubSpotClientSecret());

        assertThat(logged).hasSize(1);
        assertThat(logged.get(0)).contains("crmsync.hubspot.client-secret", "crmsync.salesforce.client-secret")
                .doesNotContain(HUBSPOT_SECRET, SALESFORCE_SECRET);
    }

    /** The old design read the app secret into the configuration at startup; no config source may do so again. */
    @Test
    void noConfigSourceOfOursReadsAtStartup() {
        assertThat(ServiceLoader.load(ConfigSourceFactory.class).stream().map(ServiceLoader.Provider::type)
                .map(Class::getName)).noneMatch(name -> name.startsWith("io.crmsync."));
    }

    private static List<String> capture(Runnable action) {
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
        Logger logger = Logger.getLogger(AppSecrets.class.getName());
        logger.addHandler(capture);
        try {
            action.run();
        } finally {
            logger.removeHandler(capture);
        }
        return logged;
    }
}
