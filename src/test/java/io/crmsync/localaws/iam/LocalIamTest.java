package io.crmsync.localaws.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local stack refuses what IAM would refuse: each function's calls go through the checked endpoints with its own
 * role's credentials, with the real AWS SDK clients, and a call outside template.yaml's policy for that role fails
 * with AWS's AccessDeniedException.
 */
class LocalIamTest {

    private final LocalAws aws = SharedLocalAws.get();

    @Test
    void aCallOutsideTheFunctionsPolicyIsRefusedWithAwsAccessDenied() {
        try (DynamoDbClient webhook = dynamoAs("hubspot-webhook")) {
            // The webhook may read tenants (GetItem) but never write links.
            assertThatThrownBy(() -> webhook.putItem(b -> b.tableName(aws.tableName("LinksTable"))
                    .item(Map.of("hubSpotKey", AttributeValue.fromS("x")))))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::000000000000:"
                                + "assumed-role/HubSpotWebhookFunctionRole/crmsync-hubspot-webhook is not authorized"
                                + " to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:"
                                + "table/crmsync-links because no identity-based policy allows the dynamodb:PutItem"
                                + " action");
                    });
            // What its policy grants (tenants by portal, through the index) goes through to the real server.
            assertThat(webhook.query(b -> b.tableName(aws.tableName("TenantsTable")).indexName("by-hubspot-portal")
                    .keyConditionExpression("hubSpotPortalId = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("0")))).count()).isZero();
            assertThatThrownBy(() -> webhook.getItem(b -> b.tableName(aws.tableName("TenantsTable"))
                    .key(Map.of("tenantId", AttributeValue.fromS("nobody"))))).hasMessageContaining("dynamodb:GetItem");
        }
        assertThat(aws.iam().denials()).anyMatch(d -> d.contains("dynamodb:PutItem")
                && d.contains("table/crmsync-links"));
    }

    @Test
    void anIndexNeedsItsOwnGrantAndSqsBatchesAreAuthorisedByTheSingleAction() {
        try (DynamoDbClient worker = dynamoAs("sync-worker"); SqsClient webhook = sqsAs("hubspot-webhook")) {
            // The worker may query the links table and its indexes, but only the table of the tenants.
            worker.query(b -> b.tableName(aws.tableName("LinksTable")).indexName("by-salesforce-id")
                    .keyConditionExpression("salesforceKey = :k")
                    .expressionAttributeValues(Map.of(":k", AttributeValue.fromS("none"))));
            assertThatThrownBy(() -> worker.query(b -> b.tableName(aws.tableName("TenantsTable"))
                    .indexName("by-hubspot-portal").keyConditionExpression("hubSpotPortalId = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("1")))))
                    .hasMessageContaining("dynamodb:Query on resource: arn:aws:dynamodb:us-east-1:000000000000:"
                            + "table/crmsync-tenants/index/by-hubspot-portal");
            // SendMessageBatch needs sqs:SendMessage; the webhook may send to the change queue only.
            webhook.sendMessageBatch(b -> b.queueUrl(aws.queueUrl("ChangeQueue"))
                    .entries(e -> e.id("1").messageBody("{}")));
            assertThatThrownBy(() -> webhook.sendMessageBatch(b -> b.queueUrl(aws.queueUrl("ChangeDeadLetterQueue"))
                    .entries(e -> e.id("1").messageBody("{}"))))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorMessage()).contains("sqs:SendMessage on resource: "
                                + "arn:aws:sqs:us-east-1:000000000000:crmsync-changes-dlq");
                    });
            aws.sqs().purgeQueue(b -> b.queueUrl(aws.queueUrl("ChangeQueue")));
        }
    }

    @Test
    void secretsAreCheckedByTheirArnAndUnknownKeysAreNotRecognised() {
        String other = aws.putSecret("another-stack/tenants/acme", "{}");
        try (SecretsManagerClient intake = secretsAs("salesforce-outbound")) {
            assertThatThrownBy(() -> intake.getSecretValue(b -> b.secretId(other)))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(
                            e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"))
                    .hasMessageContaining("secretsmanager:GetSecretValue on resource: " + other);
        }
        try (DynamoDbClient stranger = DynamoDbClient.builder().endpointOverride(URI.create(aws.iam().endpoint(
                "dynamodb"))).region(Region.of(LocalAws.REGION)).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWN", "x")))
                .build()) {
            assertThatThrownBy(() -> stranger.listTables()).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    private DynamoDbClient dynamoAs(String export) {
        return probing(DynamoDbClient.builder(), "dynamodb", export);
    }

    private SqsClient sqsAs(String export) {
        return probing(SqsClient.builder(), "sqs", export);
    }

    private SecretsManagerClient secretsAs(String export) {
        return probing(SecretsManagerClient.builder(), "secretsmanager", export);
    }

    /** A client of the checked endpoint signing as the function's role (probe credentials: not counted as its calls). */
    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C probing(B builder, String service,
            String export) {
        IamEnforcement.Credentials c = aws.iam().probeCredentialsFor(export);
        return builder.endpointOverride(URI.create(aws.iam().endpoint(service))).region(Region.of(LocalAws.REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKeyId(),
                        c.secretAccessKey())))
                .build();
    }
}
