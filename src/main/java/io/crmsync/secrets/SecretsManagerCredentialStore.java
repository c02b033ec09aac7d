package io.crmsync.secrets;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.tenant.CredentialStore;
import io.crmsync.tenant.TenantCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Each tenant's {@link TenantCredentials} as one AWS Secrets Manager secret, {@code <prefix>/tenants/<tenantId>},
 * holding {@link CredentialsJson}. The prefix is the stack name in AWS, so the functions' IAM grants can name
 * exactly this stack's tenant secrets. Uncached: functions get it through {@link CachingCredentialStore}
 * ({@code io.crmsync.functions.CredentialStoreWiring}).
 */
@ApplicationScoped
@Typed(SecretsManagerCredentialStore.class) // injected as CredentialStore only through the cache
public class SecretsManagerCredentialStore implements CredentialStore {

    public static final String PREFIX = "crmsync.secrets.prefix";
    /** Secrets Manager's name characters, less '/': a tenant id cannot reach outside its own name. */
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_+=.@-]{1,256}");

    private final SecretsManagerClient client;
    private final String prefix;
    private final boolean ownsClient;

    @Inject
    public SecretsManagerCredentialStore(Config config,
            @ConfigProperty(name = PREFIX, defaultValue = "crmsync") String prefix) {
        this(SecretsManagerClients.create(SecretsSettings.from(key -> config.getOptionalValue(key, String.class))),
                prefix, true);
    }

    /** For tests: a client they built and close themselves. */
    public SecretsManagerCredentialStore(SecretsManagerClient client, String prefix) {
        this(client, prefix, false);
    }

    private SecretsManagerCredentialStore(SecretsManagerClient client, String prefix, boolean ownsClient) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException(PREFIX + " is empty");
        }
        this.client = client;
        this.prefix = prefix;
        this.ownsClient = ownsClient;
    }

    /** The secret holding a tenant's credentials; template.yaml grants {@code <stack>/tenants/*}. */
    public static String secretName(String prefix, String tenantId) {
        return prefix + "/tenants/" + tenantId;
    }

    @Override
    public Optional<TenantCredentials> read(String tenantId) {
        String name = nameOf(tenantId);
        String json;
        try {
            json = client.getSecretValue(b -> b.secretId(name)).secretString();
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (InvalidRequestException e) {
            // The only InvalidRequest GetSecretValue answers: the secret is scheduled for deletion, i.e. gone.
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", tenantId, e);
        }
        if (json == null) {
            throw new SecretStoreException("cannot read the credentials of tenant " + tenantId + ": secret " + name
                    + " holds no SecretString");
        }
        try {
            return Optional.of(CredentialsJson.read(json));
        } catch (IllegalArgumentException e) {
            throw new SecretStoreException("cannot read the credentials of tenant " + tenantId + ": " + e.getMessage());
        }
    }

    /** PutSecretValue, or CreateSecret the first time (and Put again if another function created it meanwhile). */
    @Override
    public void write(String tenantId, TenantCredentials credentials) {
        String name = nameOf(tenantId);
        String json = CredentialsJson.write(credentials);
        run("write", tenantId, () -> {
            try {
                put(name, json);
            } catch (ResourceNotFoundException missing) {
                try {
                    client.createSecret(b -> b.name(name).secretString(json)
                            .description("crmsync: OAuth grants and tokens of tenant " + tenantId));
                } catch (ResourceExistsException createdMeanwhile) {
                    put(name, json);
                } catch (InvalidRequestException scheduledForDeletion) {
                    // A force-deleted secret lingers a few seconds in AWS; the caller's retry then succeeds.
                    throw new SecretStoreException("cannot write the credentials of tenant " + tenantId + ": its secret "
                            + name + " is still being deleted; retry shortly (InvalidRequestException)");
                }
            }
        });
    }

    /** Without a recovery window: a disconnected tenant's tokens must not linger, and its id can connect again. */
    @Override
    public void delete(String tenantId) {
        String name = nameOf(tenantId);
        run("delete", tenantId, () -> {
            try {
                client.deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));
            } catch (ResourceNotFoundException alreadyGone) {
                // nothing to delete
            }
        });
    }

    private void put(String name, String json) {
        client.putSecretValue(b -> b.secretId(name).secretString(json));
    }

    private String nameOf(String tenantId) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("tenant id " + (tenantId == null ? "null" : "'" + tenantId + "'")
                    + " cannot name a secret: letters, digits and _+=.@- only, 1 to 256 of them");
        }
        return secretName(prefix, tenantId);
    }

    private static void run(String operation, String tenantId, Runnable work) {
        try {
            work.run();
        } catch (SdkException e) {
            throw failure(operation, tenantId, e);
        }
    }

    /**
     * AWS's answer is described by its error code, status and request id (enough to find it in CloudTrail), not
     * its message; a failure to reach AWS keeps its cause, which carries no request content.
     */
    static SecretStoreException failure(String operation, String tenantId, SdkException e) {
        String what = "cannot " + operation + " the credentials of tenant " + tenantId + " in Secrets Manager: ";
        if (e instanceof AwsServiceException aws) {
            return new SecretStoreException(what + describe(aws));
        }
        return new SecretStoreException(what + e.getClass().getSimpleName(), e);
    }

    static String describe(AwsServiceException aws) {
        String code = aws.awsErrorDetails() == null ? aws.getClass().getSimpleName()
                : aws.awsErrorDetails().errorCode();
        return code + " (HTTP " + aws.statusCode() + ", request " + aws.requestId() + ")";
    }

    @PreDestroy
    void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
