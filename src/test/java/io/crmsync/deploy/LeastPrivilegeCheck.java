package io.crmsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.crmsync.localaws.iam.IamEnforcement;
import io.crmsync.localaws.iam.IamEnforcement.ObservedCall;
import io.crmsync.localaws.iam.PolicyStatement;
import io.crmsync.localaws.iam.Role;
import io.crmsync.localaws.iam.TemplateRoles;

/**
 * Least privilege, checked against what the functions actually do rather than against a list: during this build's
 * Quarkus function tests and end-to-end tests every function ran with its own role's credentials behind the local IAM
 * check, which refused (and so failed the test of) any call its role does not allow, and recorded every call it
 * allowed. Here, the other way round: every grant in template.yaml (each action on each resource of each Allow
 * statement) must have been used by at least one of those calls. A grant no call used is dead (remove it) or guards a
 * path no test drives (add the test). Runs after every other test (its own failsafe execution in pom.xml).
 */
class LeastPrivilegeCheck {

    /**
     * Grants no local call can use, with the reason. CloudWatch Logs is written by the Lambda runtime from the
     * function's stdout with the role's credentials; it is not emulated locally.
     */
    private static final Map<String, String> USED_ONLY_BY_AWS = Map.of(
            "logs:CreateLogStream", "the Lambda runtime writes the function's logs",
            "logs:PutLogEvents", "the Lambda runtime writes the function's logs");

    /**
     * Grants on paths that no test of {@code make test} drives through a packaged or profiled function yet, keyed
     * "function action resource", each with why it is kept. Every entry is a gap to close, listed in the README.
     */
    private static final Map<String, String> NOT_YET_DRIVEN = Map.of(
            "sync-worker sqs:ChangeMessageVisibility arn:aws:sqs:us-east-1:000000000000:crmsync-changes",
            "the retry backoff of a retryable CRM failure; no end-to-end test injects one yet",
            "mapping-admin dynamodb:GetItem arn:aws:dynamodb:us-east-1:000000000000:table/crmsync-budget",
            "reading an allocation's window; its Quarkus test does not set allocations",
            "mapping-admin secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:000000000000:secret:crmsync/app-??????",
            "the app secret; mapping-admin's Quarkus test configures the client secrets directly",
            "mapping-admin secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:000000000000:secret:crmsync/tenants/*",
            "an OAuth-connected tenant's schemas; its Quarkus test uses the deployment's credentials",
            "mapping-admin secretsmanager:PutSecretValue arn:aws:secretsmanager:us-east-1:000000000000:secret:crmsync/tenants/*",
            "a refreshed grant kept (the worker's path, shown by EndToEndIT); mapping-admin's test has no OAuth tenant",
            "reconciler dynamodb:Query arn:aws:dynamodb:us-east-1:000000000000:table/crmsync-links/index/*",
            "links by Salesforce id for a Salesforce change no notification reported; the sandbox re-sends an"
                    + " unacknowledged Outbound Message as Salesforce does, so no end-to-end test loses one yet"
                    + " (ReconcilerFunctionTest covers it in one JVM)",
            "reconciler dynamodb:GetItem arn:aws:dynamodb:us-east-1:000000000000:table/crmsync-budget",
            "reading an allocation's window; the end-to-end reconcile runs without an allocation",
            "reconciler secretsmanager:PutSecretValue arn:aws:secretsmanager:us-east-1:000000000000:secret:crmsync/tenants/*",
            "a refreshed grant kept (the worker's path, shown by EndToEndIT); the end-to-end reconcile has no OAuth tenant");

    @Test
    void everyGrantInTemplateYamlIsUsedByTheFunctionItIsGivenTo() {
        Set<ObservedCall> calls = IamEnforcement.readObservations(IamEnforcement.CALLS_DIR);
        assertThat(calls).as("AWS calls recorded in " + IamEnforcement.CALLS_DIR + " by this build's tests (run the"
                + " whole suite: make test)").isNotEmpty();
        TemplateRoles roles = TemplateRoles.load(TemplateRoles.Stack.LOCAL);
        List<String> unused = new ArrayList<>();
        for (Map.Entry<String, Role> function : roles.byExport().entrySet()) {
            Role role = function.getValue();
            List<ObservedCall> ofRole = calls.stream().filter(c -> c.role().equals(role.name())).toList();
            for (PolicyStatement statement : role.statements()) {
                if (statement.effect() != PolicyStatement.Effect.ALLOW || statement.notAction()
                        || statement.notResource()) {
                    continue;
                }
                for (String action : statement.actions()) {
                    if (USED_ONLY_BY_AWS.containsKey(action)) {
                        continue;
                    }
                    for (String resource : statement.resources()) {
                        PolicyStatement grant = new PolicyStatement(statement.source(), statement.effect(),
                                List.of(action), false, List.of(resource), false);
                        String key = function.getKey() + " " + action + " " + resource;
                        if (NOT_YET_DRIVEN.containsKey(key)) {
                            continue;
                        }
                        if (ofRole.stream().noneMatch(c -> grant.applies(c.action(), c.resource()))) {
                            unused.add(function.getKey() + " (" + statement.source() + "): " + action + " on "
                                    + resource);
                        }
                    }
                }
            }
        }
        assertThat(unused).as("grants in template.yaml that no function call used in this build").isEmpty();
    }
}
