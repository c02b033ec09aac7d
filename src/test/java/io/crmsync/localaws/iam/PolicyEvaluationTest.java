package io.crmsync.localaws.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.localaws.iam.PolicyStatement.Effect;
import io.crmsync.localaws.iam.Role.Decision;
import io.crmsync.localaws.iam.TemplateRoles.Stack;

/** IAM's evaluation rules as the local check applies them, and template.yaml's roles resolved to local ARNs. */
class PolicyEvaluationTest {

    @Test
    void explicitDenyWinsAndNothingIsAllowedUnlessAStatementSaysSo() {
        Role role = new Role("R", List.of(
                new PolicyStatement("a", Effect.ALLOW, List.of("dynamodb:*"), false,
                        List.of("arn:aws:dynamodb:us-east-1:1:table/t*"), false),
                new PolicyStatement("d", Effect.DENY, List.of("dynamodb:DeleteItem"), false, List.of("*"), false)));
        assertThat(role.decide("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:1:table/tenants"))
                .isEqualTo(Decision.ALLOWED);
        assertThat(role.decide("dynamodb:deleteitem", "arn:aws:dynamodb:us-east-1:1:table/tenants"))
                .isEqualTo(Decision.EXPLICITLY_DENIED);
        assertThat(role.decide("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:1:table/links"))
                .isEqualTo(Decision.IMPLICITLY_DENIED);
        assertThat(role.decide("sqs:SendMessage", "arn:aws:dynamodb:us-east-1:1:table/tenants"))
                .isEqualTo(Decision.IMPLICITLY_DENIED);
    }

    @Test
    void resourcesMatchCaseSensitivelyWithStarAndQuestionMark() {
        assertThat(PolicyStatement.matchesResource("arn:x:secret:crmsync/app-??????", "arn:x:secret:crmsync/app-AbC123"))
                .isTrue();
        assertThat(PolicyStatement.matchesResource("arn:x:secret:crmsync/app-??????", "arn:x:secret:crmsync/app-x"))
                .isFalse();
        assertThat(PolicyStatement.matchesResource("arn:x:table/Links", "arn:x:table/links")).isFalse();
        assertThat(PolicyStatement.matchesResource("arn:x:table/t/index/*", "arn:x:table/t")).isFalse();
        assertThat(PolicyStatement.matchesAction("SQS:sendmessage", "sqs:SendMessage")).isTrue();
        assertThat(PolicyStatement.matchesResource("a.b(c)", "a.b(c)")).isTrue();
        assertThat(PolicyStatement.matchesResource("a.b", "aXb")).isFalse();
    }

    @Test
    void templateRolesResolveToTheLocalStacksArns() {
        TemplateRoles roles = TemplateRoles.load(Stack.LOCAL);
        Role worker = roles.roleOf("sync-worker");
        assertThat(worker.name()).isEqualTo("SyncWorkerRole");
        assertThat(worker.decide("dynamodb:BatchGetItem", "arn:aws:dynamodb:us-east-1:000000000000:table/crmsync-links"))
                .isEqualTo(Decision.ALLOWED);
        assertThat(worker.decide("dynamodb:DeleteItem", "arn:aws:dynamodb:us-east-1:000000000000:table/crmsync-links"))
                .isEqualTo(Decision.ALLOWED);
        assertThat(worker.decide("dynamodb:Query", "arn:aws:dynamodb:us-east-1:000000000000:table/crmsync-links/index/"
                + "by-salesforce-id")).isEqualTo(Decision.ALLOWED);
        assertThat(worker.decide("sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:000000000000:crmsync-changes"))
                .isEqualTo(Decision.ALLOWED);
        assertThat(worker.decide("secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:us-east-1:000000000000:secret:crmsync/tenants/acme-Ab12Cd"))
                .isEqualTo(Decision.ALLOWED);
        // SAM names the role it generates from a function's Policies "<FunctionId>Role".
        assertThat(roles.roleOf("hubspot-webhook").name()).isEqualTo("HubSpotWebhookFunctionRole");
        assertThat(roles.roleOf("hubspot-webhook").decide("sqs:SendMessage",
                "arn:aws:sqs:us-east-1:000000000000:crmsync-changes")).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void whatCannotBeEvaluatedExactlyIsRefusedWhenLoading() throws Exception {
        String template = """
                {"Resources": {"F": {"Type": "AWS::Serverless::Function", "Properties": {
                  "Environment": {"Variables": {"QUARKUS_FUNQY_EXPORT": "f"}},
                  "Policies": [{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*",
                     "Condition": {"StringEquals": {"aws:SourceAccount": "1"}}}]}]}}}}
                """;
        assertThatThrownBy(() -> TemplateRoles.of(new ObjectMapper().readTree(template), Stack.LOCAL))
                .hasMessageContaining("Condition");
        String samTemplatePolicy = """
                {"Resources": {"F": {"Type": "AWS::Serverless::Function", "Properties": {
                  "Environment": {"Variables": {"QUARKUS_FUNQY_EXPORT": "f"}},
                  "Policies": [{"SQSSendMessagePolicy": {"QueueName": "q"}}]}}}}
                """;
        assertThatThrownBy(() -> TemplateRoles.of(new ObjectMapper().readTree(samTemplatePolicy), Stack.LOCAL))
                .hasMessageContaining("SAM policy template");
    }
}
