package io.crmsync.localaws;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Local AWS on loopback for tests and {@code make run}: ElasticMQ (embedded, SQS protocol), dynalite (child
 * process, DynamoDB protocol), with the tables and queues of {@link ResourceDefinition} created on them, and
 * {@link LocalSecretsManager} (embedded, Secrets Manager protocol).
 */
public final class LocalAws implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";
    /** Local resource names are the definition's suffixes behind this prefix. */
    public static final String PREFIX = "crmsync-";
    /** crmsync.secrets.prefix locally (the stack name in AWS): tenant secrets are crmsync/tenants/<id>. */
    public static final String SECRETS_PREFIX = "crmsync";
    /** Where a local deployment keeps its app secret, as template.yaml's AppSecret is <stack>/app. */
    public static final String APP_SECRET_NAME = SECRETS_PREFIX + "/app";

    private final SQSRestServer sqsServer;
    private final Dynalite dynalite;
    private final LocalSecretsManager secretsServer;
    private final String sqsEndpoint;
    private final ResourceDefinition definition;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final SecretsManagerClient secretsManager;
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final io.crmsync.localaws.iam.IamEnforcement iam;
    /** What withAppSecret stored: a deployment's app secret outlives tests, so reset() stores it again. */
    private volatile String appSecret;

    private LocalAws(ResourceDefinition definition) {
        this.definition = definition;
        this.sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        this.sqsEndpoint = "http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort();
        Dynalite started;
        try {
            started = Dynalite.start();
        } catch (RuntimeException e) {
            sqsServer.stopAndWait();
            throw e;
        }
        this.dynalite = started;
        LocalSecretsManager secrets;
        try {
            secrets = LocalSecretsManager.start();
        } catch (RuntimeException e) {
            dynalite.close();
            sqsServer.stopAndWait();
            throw e;
        }
        this.secretsServer = secrets;
        this.sqs = SqsClient.builder().endpointOverride(URI.create(sqsEndpoint)).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        this.dynamo = DynamoDbClient.builder().endpointOverride(URI.create(dynalite.endpoint()))
                .region(Region.of(REGION)).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.secretsManager = SecretsManagerClient.builder().endpointOverride(URI.create(secretsServer.endpoint()))
                .region(Region.of(REGION)).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
        createQueues();
        createTables();
        this.iam = startIam();
    }

    /**
     * IAM as in AWS: functions reach SQS, DynamoDB and Secrets Manager only through proxies that check each call against
     * the function's role in template.yaml. The harness's own clients (above) use the administrator key.
     */
    private io.crmsync.localaws.iam.IamEnforcement startIam() {
        io.crmsync.localaws.iam.TemplateRoles.Stack stack = io.crmsync.localaws.iam.TemplateRoles.Stack.LOCAL;
        if (!PREFIX.equals(stack.stackName() + "-") || !SECRETS_PREFIX.equals(stack.stackName())) {
            throw new IllegalStateException("local names must be the template's names for stack " + stack.stackName());
        }
        io.crmsync.localaws.iam.AwsCall.Context context = new io.crmsync.localaws.iam.AwsCall.Context(stack,
                secretsServer::arnOf, this::deadLetterSourceArn);
        return new io.crmsync.localaws.iam.IamEnforcement(io.crmsync.localaws.iam.TemplateRoles.load(stack), stack,
                ACCESS_KEY, Map.of("sqs", URI.create(sqsEndpoint), "dynamodb", URI.create(dynalite.endpoint()),
                        "secretsmanager", URI.create(secretsServer.endpoint())), context, "localaws");
    }

    /** The queue whose redrive policy names this dead-letter queue (by ARN), as SQS's message move task finds it. */
    private java.util.Optional<String> deadLetterSourceArn(String deadLetterArn) {
        String dlqName = deadLetterArn.substring(deadLetterArn.lastIndexOf(':') + 1);
        return definition.queues().stream()
                .filter(q -> q.redrive().isPresent()
                        && (PREFIX + definition.queue(q.redrive().get().logicalId()).name()).equals(dlqName))
                .findFirst().map(q -> deadLetterArn.substring(0, deadLetterArn.lastIndexOf(':') + 1) + PREFIX
                        + q.name());
    }

    /** The local IAM check in front of the functions' AWS calls. */
    public io.crmsync.localaws.iam.IamEnforcement iam() {
        return iam;
    }

    /**
     * {@code config} as the function exporting {@code export} gets it in AWS: the AWS endpoints are the IAM-checked
     * ones and the credentials are its role's, so every call it makes is allowed or refused by template.yaml.
     */
    public Map<String, String> asFunction(String export, Map<String, String> config) {
        io.crmsync.localaws.iam.IamEnforcement.Credentials role = iam.credentialsFor(export);
        Map<String, String> scoped = new HashMap<>(config);
        for (String service : List.of("sqs", "dynamodb")) {
            scoped.put("quarkus." + service + ".endpoint-override", iam.endpoint(service));
            scoped.put("quarkus." + service + ".aws.credentials.type", "static");
            scoped.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", role.accessKeyId());
            scoped.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key",
                    role.secretAccessKey());
        }
        scoped.put("crmsync.secrets.endpoint-override", iam.endpoint("secretsmanager"));
        scoped.put("crmsync.secrets.access-key-id", role.accessKeyId());
        scoped.put("crmsync.secrets.secret-access-key", role.secretAccessKey());
        return scoped;
    }

    /** An SQS client that acts as the function exporting {@code export} (e.g. the worker's event source mapping). */
    public SqsClient sqsAs(String export) {
        io.crmsync.localaws.iam.IamEnforcement.Credentials role = iam.credentialsFor(export);
        return SqsClient.builder().endpointOverride(URI.create(iam.endpoint("sqs"))).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(role.accessKeyId(),
                        role.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Starts the servers and creates every table and queue of infra/aws-resources.json. */
    public static LocalAws start() {
        return new LocalAws(ResourceDefinition.load());
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    public String sqsEndpoint() {
        return sqsEndpoint;
    }

    public String dynamoEndpoint() {
        return dynalite.endpoint();
    }

    public String secretsEndpoint() {
        return secretsServer.endpoint();
    }

    public LocalSecretsManager secretsServer() {
        return secretsServer;
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public String queueUrl(String logicalId) {
        return queueUrls.get(logicalId);
    }

    public String tableName(String logicalId) {
        return PREFIX + definition.table(logicalId).name();
    }

    public ResourceDefinition definition() {
        return definition;
    }

    /** crmsync's configuration for this local stack, as Quarkus config keys. */
    public Map<String, String> crmsyncConfig() {
        Map<String, String> config = new HashMap<>();
        for (String service : List.of("sqs", "dynamodb")) {
            config.put("quarkus." + service + ".endpoint-override",
                    service.equals("sqs") ? sqsEndpoint : dynalite.endpoint());
            config.put("quarkus." + service + ".aws.region", REGION);
            config.put("quarkus." + service + ".aws.credentials.type", "static");
            config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", ACCESS_KEY);
            config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key", SECRET_KEY);
        }
        config.put("crmsync.queue.changes-url", queueUrl("ChangeQueue"));
        config.put("crmsync.queue.dead-letter-url", queueUrl("ChangeDeadLetterQueue"));
        config.put("crmsync.queue.cdc-failed-url", queueUrl("CdcFailedEventsQueue"));
        config.put("crmsync.table.links", tableName("LinksTable"));
        config.put("crmsync.table.tenants", tableName("TenantsTable"));
        config.put("crmsync.table.audit", tableName("AuditTable"));
        config.put("crmsync.table.sync-errors", tableName("SyncErrorsTable"));
        config.put("crmsync.table.mappings", tableName("MappingsTable"));
        // io.crmsync.secrets: tenant secrets, and the app secret when crmsync.secrets.app-secret-id is given.
        config.put("crmsync.secrets.endpoint-override", secretsServer.endpoint());
        config.put("crmsync.secrets.region", REGION);
        config.put("crmsync.secrets.access-key-id", ACCESS_KEY);
        config.put("crmsync.secrets.secret-access-key", SECRET_KEY);
        config.put("crmsync.secrets.prefix", SECRETS_PREFIX);
        return config;
    }

    /** The crmsync.secrets.* keys that stand in locally for what Lambda's environment gives the SDK in AWS. */
    public static final Set<String> SECRETS_STAND_IN_KEYS = Set.of(
            "crmsync.secrets.endpoint-override", "crmsync.secrets.region", "crmsync.secrets.access-key-id",
            "crmsync.secrets.secret-access-key");

    /** The keys template.yaml keeps in the AppSecret rather than in the functions' environment. */
    public static final List<String> APP_SECRET_KEYS = List.of("crmsync.hubspot.client-secret",
            "crmsync.salesforce.client-secret");

    /**
     * The configuration as template.yaml deploys it: the {@link #APP_SECRET_KEYS} it holds move into one JSON secret
     * ({@link #APP_SECRET_NAME}) and {@code crmsync.secrets.app-secret-id} names it, so functions read them from
     * Secrets Manager on first use (io.crmsync.secrets.AppSecrets) as in AWS.
     */
    public Map<String, String> withAppSecret(Map<String, String> config) {
        Map<String, String> deployed = new HashMap<>(config);
        Map<String, String> secret = new TreeMap<>();
        APP_SECRET_KEYS.forEach(key -> {
            String value = deployed.remove(key);
            if (value != null) {
                secret.put(key, value);
            }
        });
        if (!secret.isEmpty()) {
            try {
                appSecret = new ObjectMapper().writeValueAsString(secret);
                putSecret(APP_SECRET_NAME, appSecret);
                // By name (in AWS the template gives the ARN): reset() recreates it, and its ARN with it.
                deployed.put("crmsync.secrets.app-secret-id", APP_SECRET_NAME);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the app secret as JSON", e);
            }
        }
        return deployed;
    }

    /** Stores a string secret under this name (creating it, or adding its new current version); returns its ARN. */
    public String putSecret(String name, String secretString) {
        try {
            return secretsManager.putSecretValue(b -> b.secretId(name).secretString(secretString)).arn();
        } catch (ResourceNotFoundException missing) {
            return secretsManager.createSecret(b -> b.name(name).secretString(secretString)).arn();
        }
    }

    /**
     * Empties every queue, table and secret (but the app secret of {@link #withAppSecret}, stored again), so each
     * test starts from nothing. Tables are emptied item by item rather
     * than dropped and recreated: dynalite finishes a DeleteTable after it answers, which can remove the new
     * table of the same name.
     */
    public void reset() {
        secretsServer.reset();
        if (appSecret != null) {
            putSecret(APP_SECRET_NAME, appSecret); // functions read it on first use, after any reset
        }
        queueUrls.values().forEach(url -> sqs.purgeQueue(b -> b.queueUrl(url)));
        for (ResourceDefinition.Table table : definition.tables()) {
            String name = PREFIX + table.name();
            List<String> keyNames = new java.util.ArrayList<>(List.of(table.partitionKey().name()));
            if (table.sortKey() != null) {
                keyNames.add(table.sortKey().name());
            }
            // 25 deletes per request (BatchWriteItem's limit): after a 10,000-record benchmark the tables hold
            // hundreds of thousands of items, and one DeleteItem each took minutes.
            List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> batch = new java.util.ArrayList<>();
            for (Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item : dynamo
                    .scanPaginator(b -> b.tableName(name).projectionExpression(String.join(",", keyNames))).items()) {
                batch.add(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                        .deleteRequest(d -> d.key(item)).build());
                if (batch.size() == 25) {
                    deleteAll(name, batch);
                    batch = new java.util.ArrayList<>();
                }
            }
            deleteAll(name, batch);
        }
    }

    /** One BatchWriteItem of deletes, sending again whatever the server left unprocessed. */
    private void deleteAll(String table, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> deletes) {
        Map<String, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>> pending = Map.of(table, deletes);
        while (!pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty()) {
            Map<String, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>> request = pending;
            pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
        }
    }

    private void createQueues() {
        // Dead-letter queues first: a redrive policy names its target by ARN.
        List<ResourceDefinition.Queue> ordered = definition.queues().stream()
                .sorted((a, b) -> Boolean.compare(a.redrive().isPresent(), b.redrive().isPresent())).toList();
        for (ResourceDefinition.Queue queue : ordered) {
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                    Integer.toString(queue.messageRetentionSeconds()));
            attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
                    Integer.toString(queue.receiveMessageWaitTimeSeconds()));
            queue.redrive().ifPresent(dlq -> {
                String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrls.get(dlq.logicalId()))
                        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
                attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                        + "\",\"maxReceiveCount\":\"" + dlq.maxReceiveCount() + "\"}");
            });
            String url = sqs.createQueue(b -> b.queueName(PREFIX + queue.name()).attributes(attributes)).queueUrl();
            queueUrls.put(queue.logicalId(), url);
        }
    }

    private void createTables() {
        definition.tables().forEach(this::createTable);
    }

    private void createTable(ResourceDefinition.Table table) {
        Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
        addAttribute(attributes, table.partitionKey());
        addAttribute(attributes, table.sortKey());
        List<GlobalSecondaryIndex> indexes = table.indexes().stream().map(index -> {
            addAttribute(attributes, index.partitionKey());
            addAttribute(attributes, index.sortKey());
            return GlobalSecondaryIndex.builder().indexName(index.name())
                    .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                    .projection(Projection.builder().projectionType(ProjectionType.fromValue(index.projection())).build())
                    .build();
        }).toList();
        dynamo.createTable(b -> {
            b.tableName(PREFIX + table.name()).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes.values())
                    .keySchema(keySchema(table.partitionKey(), table.sortKey()));
            if (!indexes.isEmpty()) {
                b.globalSecondaryIndexes(indexes);
            }
        });
    }

    private static void addAttribute(Map<String, AttributeDefinition> attributes, ResourceDefinition.KeyAttribute key) {
        if (key != null) {
            attributes.put(key.name(), AttributeDefinition.builder().attributeName(key.name())
                    .attributeType(key.type()).build());
        }
    }

    private static List<KeySchemaElement> keySchema(ResourceDefinition.KeyAttribute partition,
            ResourceDefinition.KeyAttribute sort) {
        KeySchemaElement hash = KeySchemaElement.builder().attributeName(partition.name()).keyType(KeyType.HASH).build();
        return sort == null ? List.of(hash)
                : List.of(hash, KeySchemaElement.builder().attributeName(sort.name()).keyType(KeyType.RANGE).build());
    }

    @Override
    public void close() {
        iam.close();
        sqs.close();
        dynamo.close();
        secretsManager.close();
        secretsServer.close();
        dynalite.close();
        sqsServer.stopAndWait();
    }
}
