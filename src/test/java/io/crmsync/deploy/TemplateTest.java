package io.crmsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.crmsync.localaws.ResourceDefinition;
import io.crmsync.secrets.SecretsManagerCredentialStore;

/**
 * template.yaml against the one definition of tables and queues (infra/aws-resources.json), the compiled
 * {@code @Funq} functions, and the rules for handlers, batch failures, secrets and permissions.
 */
class TemplateTest {

    private static final String HANDLER = "io.crmsync.functions.InvocationDeadlineHandler::handleRequest";
    private static final String CODE = "target/function.zip";
    /** java17 runs on Amazon Linux 2: deprecated 2026-06-30, function create blocked since 2026-07-31. */
    private static final Set<String> SUPPORTED_JAVA_RUNTIMES = Set.of("java21", "java25");

    /** Every tenant's credentials secret of this stack: {@code <stack>/tenants/<tenantId>-<6 random characters>}. */
    private static final String TENANT_SECRETS = "{\"Fn::Sub\":\"arn:${AWS::Partition}:secretsmanager:${AWS::Region}:"
            + "${AWS::AccountId}:secret:${AWS::StackName}/tenants/*\"}";
    private static final String APP_SECRET = "{\"Ref\":\"AppSecret\"}";
    /** Functions that call CRMs read the app secret and their tenants' tokens. */
    private static final String APP_AND_TENANT_SECRETS = "[" + APP_SECRET + "," + TENANT_SECRETS + "]";

    private final SamTemplate template = SamTemplate.load();

    /**
     * The worker defers paused tenants' notices through its own trigger queue, a chain Lambda's recursive loop
     * detection would stop after ~16 hops; it bounds the chain itself (SyncWorker.MAX_DEFERRALS) and allows the
     * loop. Every other function keeps Lambda's default, Terminate. The local stack reads the same setting.
     */
    @Test
    void onlyTheWorkerAllowsARecursiveLoop() {
        template.functions().keySet().forEach(id -> {
            String export = template.environment(id).get("QUARKUS_FUNQY_EXPORT").asText();
            assertThat(template.recursiveLoopOf(export)).as(id)
                    .isEqualTo(export.equals("sync-worker") ? "Allow" : "Terminate");
        });
    }

    @Test
    void declaresExactlyTheTablesAndQueuesOfTheDefinition() {
        assertThat(DefinitionDrift.between(ResourceDefinition.load(), template.root()))
                .as("template.yaml differs from infra/aws-resources.json")
                .isEmpty();
    }

    @Test
    void everyFunctionExportsAnExistingFunqFunction() {
        Set<String> compiled = FunqFunctions.in(FunqFunctions.CLASSES);
        assertThat(compiled).as("@Funq methods under " + FunqFunctions.CLASSES).isNotEmpty();

        Map<String, String> exports = new LinkedHashMap<>();
        template.functions().keySet().forEach(id -> {
            JsonNode export = template.environment(id).get("QUARKUS_FUNQY_EXPORT");
            // With several @Funq methods in one deployable, a Lambda without an export fails at startup.
            assertThat(export).as(id + " sets QUARKUS_FUNQY_EXPORT").isNotNull();
            assertThat(export.isTextual()).as(id + " QUARKUS_FUNQY_EXPORT is a literal function name").isTrue();
            exports.put(id, export.asText());
        });

        assertThat(exports).isNotEmpty();
        assertThat(compiled).as("@Funq functions compiled into target/classes").containsAll(exports.values());
        assertThat(new TreeSet<>(exports.values())).as("every @Funq function is deployed").isEqualTo(compiled);
    }

    /** The stack's description says how many functions it deploys (it once said two, of eight). */
    @Test
    void theDescriptionCountsTheFunctions() {
        List<String> numbers = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                "nine", "ten", "eleven", "twelve");
        int count = template.functions().size();
        String description = template.root().path("Description").asText().replaceAll("\\s+", " ");
        assertThat(description).contains(" " + numbers.get(count) + " functions")
                .contains("HubSpot <-> Salesforce");
    }

    @Test
    void everyFunctionRunsTheFunqyHandlerFromFunctionZip() {
        assertThat(template.functions()).isNotEmpty();
        template.functions().keySet().forEach(id -> {
            assertThat(template.functionProperty(id, "Handler").asText()).as(id + " Handler").isEqualTo(HANDLER);
            assertThat(template.functionProperty(id, "CodeUri").asText()).as(id + " CodeUri").isEqualTo(CODE);
            assertThat(template.functionProperty(id, "Runtime").asText()).as(id + " Runtime")
                    .isIn(SUPPORTED_JAVA_RUNTIMES);
            assertThat(template.functionProperty(id, "SnapStart").path("ApplyOn").asText()).as(id + " SnapStart")
                    .isEqualTo("PublishedVersions");
            // SnapStart only applies to published versions: without an alias the events would hit $LATEST.
            assertThat(template.functionProperty(id, "AutoPublishAlias").asText()).as(id + " AutoPublishAlias")
                    .isEqualTo("live");
            // SAM does not see parameter values when it names the version: ConfigDigest (make deploy's hash of the
            // code, the template and the parameters) must name it, or a changed parameter keeps the old snapshot.
            assertThat(template.functionProperty(id, "AutoPublishCodeSha256")).as(id + " AutoPublishCodeSha256")
                    .hasToString("{\"Ref\":\"ConfigDigest\"}");
            assertThat(template.environment(id)).as(id + " environment")
                    .containsEntry("DISABLE_SIGNAL_HANDLERS", TextNode.valueOf("true"))
                    .containsKey("JAVA_TOOL_OPTIONS");
        });
    }

    @Test
    void sqsEventsReportBatchItemFailuresAndFitTheVisibilityTimeout() {
        int sqsEvents = 0;
        for (String id : template.functions().keySet()) {
            for (JsonNode event : template.resource(id).path("Properties").path("Events")) {
                if (!"SQS".equals(event.path("Type").asText())) {
                    continue;
                }
                sqsEvents++;
                JsonNode properties = event.path("Properties");
                assertThat(properties.path("FunctionResponseTypes")).as(id + " SQS event FunctionResponseTypes")
                        .contains(TextNode.valueOf("ReportBatchItemFailures"));

                String queueId = properties.path("Queue").path("Fn::GetAtt").path(0).asText();
                JsonNode queue = template.resource(queueId).path("Properties");
                assertThat(queue.isMissingNode()).as(id + " SQS event reads a queue of this template").isFalse();
                int timeout = template.functionProperty(id, "Timeout").asInt();
                assertThat(queue.path("VisibilityTimeout").asInt())
                        .as("%s VisibilityTimeout >= 6 x %s Timeout (%d s), AWS's advice", queueId, id, timeout)
                        .isGreaterThanOrEqualTo(6 * timeout);
            }
        }
        assertThat(sqsEvents).as("SQS event sources").isPositive();
    }

    /** Secrets are NoEcho; the required ones have no default, the optional fallback token an empty one. */
    @Test
    void secretParametersAreNoEchoAndHaveNoDefault() {
        List<String> secretNames = new ArrayList<>();
        template.parameters().fields().forEachRemaining(p -> {
            if (p.getKey().contains("Secret") || p.getKey().contains("Token")) {
                secretNames.add(p.getKey());
                assertThat(p.getValue().path("NoEcho").asBoolean(false)).as(p.getKey() + " NoEcho").isTrue();
                assertThat(p.getValue().has("Default")).as(p.getKey() + " has no Default").isFalse();
            }
        });
        assertThat(secretNames).contains("HubSpotClientSecret", "SalesforceClientSecret");
    }

    /**
     * A deployment serves each tenant only with its own grants: no deployment-wide HubSpot token and no single-tenant
     * mode reach any function (both are make run's alone), so no tenant can fall back on the deployment's account.
     */
    @Test
    void noFunctionGetsTheDeploymentWideTokenOrTheSingleTenantMode() {
        assertThat(template.parameters().has("HubSpotAccessToken")).isFalse();
        for (String function : List.of("hubspot-webhook", "salesforce-outbound", "salesforce-cdc", "sync-worker",
                "admin-api", "oauth-callback", "reconciler", "mapping-admin")) {
            assertThat(template.environmentNamesOf(function)).as(function)
                    .doesNotContain("CRMSYNC_SINGLE_TENANT", "CRMSYNC_HUBSPOT_ACCESS_TOKEN");
        }
        assertThat(template.resource("AppSecret").toString()).doesNotContain("access-token");
    }

    @Test
    void noEnvironmentVariableHoldsASecretLiteral() {
        assertThat(template.secretLiterals()).isEmpty();
    }

    /** The secret check itself fails on a template that writes secrets into the environment. */
    @Test
    void secretLiteralsInAnAlteredTemplateAreReported() {
        ObjectNode altered = template.root().deepCopy();
        ObjectNode webhook = (ObjectNode) altered.path("Resources").path("HubSpotWebhookFunction").path("Properties")
                .path("Environment").path("Variables");
        webhook.put("CRMSYNC_HUBSPOT_CLIENT_SECRET", "0b3d9c1e-6d7f-4a55-9f0e-2b4c8d6e1a7f");
        ObjectNode worker = (ObjectNode) altered.path("Resources").path("SyncWorkerFunction").path("Properties")
                .path("Environment").path("Variables");
        worker.put("SOME_SETTING", "pat-na1-0b3d9c1e-6d7f-4a55-9f0e-2b4c8d6e1a7f");
        ((ObjectNode) altered.path("Globals").path("Function").path("Environment").path("Variables"))
                .put("OTHER_SETTING", "q8ZxT2vLw9Rk4NbY7uPa3JmC6eHs");

        assertThat(SamTemplate.of(altered).secretLiterals()).containsExactlyInAnyOrder(
                "Globals.OTHER_SETTING",
                "HubSpotWebhookFunction.CRMSYNC_HUBSPOT_CLIENT_SECRET",
                "SyncWorkerFunction.SOME_SETTING");
    }

    /** Tokens reach no function's environment: tenants' tokens live in their own secrets. */
    @Test
    void noTokenReachesAFunctionsEnvironment() {
        template.functions().keySet().forEach(id -> template.environment(id).forEach((name, value) -> {
            assertThat(name).as(id + "." + name).doesNotContain("ACCESS_TOKEN");
            assertThat(value.toString()).as(id + "." + name).doesNotContain("HubSpotAccessToken");
        }));
        // The functions that refresh a tenant's OAuth grant, or start one, know the app's client id.
        for (String id : List.of("SyncWorkerFunction", "ReconcilerFunction", "MappingAdminFunction",
                "AdminApiFunction", "OAuthCallbackFunction")) {
            assertThat(template.environment(id).get("CRMSYNC_HUBSPOT_CLIENT_ID")).as(id)
                    .hasToString("{\"Ref\":\"HubSpotClientId\"}");
        }
    }

    /**
     * The apps' client secrets are in AppSecret (Secrets Manager), which every function names; no function's
     * environment holds them, neither under their configuration names nor as a reference to their parameters.
     */
    @Test
    void clientSecretsLiveInTheAppSecretAndInNoEnvironment() throws Exception {
        JsonNode secret = template.resource("AppSecret");
        assertThat(secret.path("Type").asText()).isEqualTo("AWS::SecretsManager::Secret");
        assertThat(secret.path("Properties").path("Name").toString())
                .isEqualTo("{\"Fn::Sub\":\"${AWS::StackName}/app\"}");
        String json = secret.path("Properties").path("SecretString").path("Fn::Sub").asText();
        Map<String, String> parameterOf = Map.of(
                "crmsync.hubspot.client-secret", "HubSpotClientSecret",
                "crmsync.salesforce.client-secret", "SalesforceClientSecret");
        // What io.crmsync.secrets.AppSecrets reads: a JSON object of configuration keys, each a NoEcho parameter
        // whose pattern keeps the JSON intact.
        JsonNode keys = new ObjectMapper().readTree(json);
        assertThat(keys.size()).isEqualTo(parameterOf.size());
        // The local stack moves the same keys into its app secret, or a local function would lack one.
        assertThat(parameterOf.keySet()).containsExactlyInAnyOrderElementsOf(
                io.crmsync.localaws.LocalAws.APP_SECRET_KEYS);
        parameterOf.forEach((key, parameter) -> {
            assertThat(keys.path(key).asText()).as("AppSecret " + key).isEqualTo("${" + parameter + "}");
            JsonNode declared = template.parameters().path(parameter);
            assertThat(declared.path("NoEcho").asBoolean()).as(parameter + " NoEcho").isTrue();
            Pattern allowed = Pattern.compile(declared.path("AllowedPattern").asText());
            assertThat(allowed.matcher("0b3d9c1e-6d7f-4a55-9f0e-2b4c8d6e1a7f").matches()).as(parameter).isTrue();
            assertThat(allowed.matcher("a\"b").matches()).as(parameter + " refuses a quote").isFalse();
            assertThat(allowed.matcher("a\\b").matches()).as(parameter + " refuses a backslash").isFalse();
        });

        template.functions().keySet().forEach(id -> {
            Map<String, JsonNode> environment = template.environment(id);
            assertThat(environment.get("CRMSYNC_SECRETS_APP_SECRET_ID")).as(id + " CRMSYNC_SECRETS_APP_SECRET_ID")
                    .hasToString("{\"Ref\":\"AppSecret\"}");
            assertThat(environment.get("CRMSYNC_SECRETS_PREFIX")).as(id + " CRMSYNC_SECRETS_PREFIX")
                    .hasToString("{\"Ref\":\"AWS::StackName\"}");
            assertThat(environment).as(id + " environment")
                    .doesNotContainKeys("CRMSYNC_HUBSPOT_CLIENT_SECRET", "CRMSYNC_SALESFORCE_CLIENT_SECRET");
            environment.forEach((name, value) -> assertThat(value.toString()).as(id + "." + name)
                    .doesNotContain("HubSpotClientSecret", "SalesforceClientSecret"));
        });
        assertThat(template.root().path("Globals").toString())
                .doesNotContain("HubSpotClientSecret", "SalesforceClientSecret");
    }

    /** The tenant-secret grants name exactly the secrets SecretsManagerCredentialStore uses, with the stack as prefix. */
    @Test
    void tenantSecretGrantsCoverTheNamesTheCredentialStoreUses() {
        String name = SecretsManagerCredentialStore.secretName("${AWS::StackName}", "*");
        assertThat(TENANT_SECRETS).isEqualTo("{\"Fn::Sub\":\"arn:${AWS::Partition}:secretsmanager:${AWS::Region}:"
                + "${AWS::AccountId}:secret:" + name + "\"}");
    }

    /**
     * What least privilege means here is checked against the functions' actual calls, not a list kept by hand: the
     * local stack enforces each function's role on every AWS call (io.crmsync.localaws.iam) and LeastPrivilegeCheck
     * fails on any grant no call used. This test guards what that needs: every role can be evaluated exactly (inline
     * statements, no conditions, managed policies or SAM policy templates), and no statement grants everything.
     */
    @Test
    void everyRoleCanBeEnforcedLocallyAndNoStatementGrantsEverything() {
        io.crmsync.localaws.iam.TemplateRoles roles = io.crmsync.localaws.iam.TemplateRoles.load(
                io.crmsync.localaws.iam.TemplateRoles.Stack.LOCAL);
        assertThat(roles.byExport().keySet()).containsExactlyInAnyOrderElementsOf(template.functions().keySet()
                .stream().map(id -> template.environment(id).get("QUARKUS_FUNQY_EXPORT").asText()).toList());
        roles.byExport().forEach((function, role) -> {
            assertThat(role.statements()).as(function + " statements").isNotEmpty();
            role.statements().forEach(statement -> {
                assertThat(statement.effect()).as(statement.source()).isEqualTo(
                        io.crmsync.localaws.iam.PolicyStatement.Effect.ALLOW);
                assertThat(statement.notAction() || statement.notResource()).as(statement.source()).isFalse();
                assertThat(statement.actions()).as(statement.source()).noneMatch(a -> a.contains("*"));
                assertThat(statement.resources()).as(statement.source()).noneMatch(r -> r.equals("*"));
            });
        });
        // The worker and the reconciler have roles of their own: SAM's SQS event would attach
        // AWSLambdaSQSQueueExecutionRole, whose SQS actions apply to every queue in the account.
        for (String function : List.of("SyncWorkerFunction", "ReconcilerFunction")) {
            JsonNode properties = template.resource(function).path("Properties");
            String role = function.replace("Function", "Role");
            assertThat(properties.path("Role").toString()).isEqualTo(getAtt(role, "Arn"));
            assertThat(properties.has("Policies")).as(function + " Policies (ignored with an explicit Role)").isFalse();
            assertThat(template.resource(role).path("Properties").has("ManagedPolicyArns")).isFalse();
        }
    }

    /**
     * A role's grants (action → its resources, "a + b" when two statements grant it), for roles the local stack does
     * not run (the scheduler's): the functions' roles are checked by their calls instead (LeastPrivilegeCheck).
     */
    private Map<String, String> roleGrants(String roleId) {
        JsonNode role = template.resource(roleId).path("Properties");
        assertThat(role.has("ManagedPolicyArns")).as(roleId + " managed policies").isFalse();
        Map<String, String> grants = new LinkedHashMap<>();
        for (JsonNode policy : role.path("Policies")) {
            for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                for (String action : actions(statement)) {
                    grants.merge(action, statement.path("Resource").toString(), (a, b) -> a + " + " + b);
                }
            }
        }
        return grants;
    }

    @Test
    void theReconcilerHasItsOwnRoleAndTheWorkersConfiguration() {
        JsonNode function = template.resource("ReconcilerFunction").path("Properties");
        assertThat(function.path("Role").toString()).isEqualTo(getAtt("ReconcilerRole", "Arn"));
        assertThat(function.has("Policies")).as("ReconcilerFunction Policies (ignored with an explicit Role)").isFalse();
        assertThat(function.path("Timeout").asInt()).isEqualTo(300);
        assertThat(template.environment("ReconcilerFunction").get("QUARKUS_FUNQY_EXPORT").asText())
                .isEqualTo("reconciler");
        // The worker's configuration: tokens, tables and the queue the repairs go to.
        assertThat(template.environment("ReconcilerFunction").keySet())
                .containsAll(template.environment("SyncWorkerFunction").keySet().stream()
                        .filter(name -> !name.equals("QUARKUS_FUNQY_EXPORT")).toList());
        assertThat(template.environment("ReconcilerFunction").get("CRMSYNC_QUEUE_CHANGES_URL").path("Ref").asText())
                .isEqualTo("ChangeQueue");

    }

    @Test
    void theReconcilerRunsEveryFifteenMinutesAndNightlyDeepThroughItsLiveAlias() {
        Map<String, JsonNode> schedules = template.resourcesOfType("AWS::Scheduler::Schedule");
        assertThat(schedules).hasSize(2);
        String alias = "{\"Ref\":\"ReconcilerFunction.Alias\"}";
        Map<String, String> inputByExpression = new LinkedHashMap<>();
        schedules.forEach((id, schedule) -> {
            JsonNode properties = schedule.path("Properties");
            JsonNode target = properties.path("Target");
            assertThat(target.path("Arn").toString()).as(id + " target").isEqualTo(alias);
            assertThat(target.path("RoleArn").toString()).isEqualTo(getAtt("ReconcilerSchedulerRole", "Arn"));
            inputByExpression.put(properties.path("ScheduleExpression").asText()
                    + properties.path("ScheduleExpressionTimezone").asText(""), target.path("Input").asText());
        });
        assertThat(inputByExpression).containsOnly(Map.entry("rate(15 minutes)", "{\"deep\":false}"),
                Map.entry("cron(0 3 * * ? *)UTC", "{\"deep\":true}"));

        JsonNode role = template.resource("ReconcilerSchedulerRole").path("Properties");
        assertThat(role.path("AssumeRolePolicyDocument").path("Statement").get(0).path("Principal").path("Service")
                .asText()).isEqualTo("scheduler.amazonaws.com");
        assertThat(roleGrants("ReconcilerSchedulerRole")).containsExactlyInAnyOrderEntriesOf(
                Map.of("lambda:InvokeFunction", alias));
    }

    @Test
    void theWorkerKnowsTheQueueItReadsAndThatQueuesDeadLetterQueue() {
        JsonNode event = template.resource("SyncWorkerFunction").path("Properties").path("Events").path("Changes");
        String queueId = event.path("Properties").path("Queue").path("Fn::GetAtt").path(0).asText();
        String deadLetterId = template.resource(queueId).path("Properties").path("RedrivePolicy")
                .path("deadLetterTargetArn").path("Fn::GetAtt").path(0).asText();
        assertThat(queueId).isEqualTo("ChangeQueue");
        assertThat(deadLetterId).isEqualTo("ChangeDeadLetterQueue");

        Map<String, JsonNode> environment = template.environment("SyncWorkerFunction");
        // Retries change visibility on the queue the event source reads; poison goes to that queue's DLQ.
        assertThat(environment.get("CRMSYNC_QUEUE_CHANGES_URL").path("Ref").asText()).isEqualTo(queueId);
        assertThat(environment.get("CRMSYNC_QUEUE_DEAD_LETTER_URL").path("Ref").asText()).isEqualTo(deadLetterId);
    }

    /**
     * The two public doors keep their replay window in the seen-deliveries table (locally the same name comes from
     * application.properties), may only look ids up and record them there, and the table expires them by TTL.
     */
    @Test
    void theDoorsKnowTheSeenDeliveriesTableAndMayOnlyBatchReadAndWriteIt() throws Exception {
        for (String door : List.of("HubSpotWebhookFunction", "SalesforceOutboundFunction")) {
            assertThat(template.environment(door).get("CRMSYNC_TABLE_SEEN_DELIVERIES").path("Ref").asText())
                    .as(door).isEqualTo("SeenDeliveriesTable");
            List<String> onTable = new java.util.ArrayList<>();
            for (JsonNode statement : template.resource(door).path("Properties").path("Policies").path(0)
                    .path("Statement")) {
                if (statement.path("Resource").toString().contains("SeenDeliveriesTable")) {
                    onTable.addAll(actions(statement));
                }
            }
            assertThat(onTable).as(door).containsExactlyInAnyOrder("dynamodb:BatchGetItem", "dynamodb:BatchWriteItem");
        }
        assertThat(template.resource("SalesforceCdcFunction").toString()).doesNotContain("SeenDeliveriesTable");
        assertThat(template.resource("SeenDeliveriesTable").path("Properties").path("TimeToLiveSpecification")
                .path("Enabled").asBoolean()).isTrue();
        java.util.Properties config = new java.util.Properties();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(
                java.nio.file.Path.of("src/main/resources/application.properties"))) {
            config.load(in);
        }
        assertThat(config.getProperty("crmsync.table.seen-deliveries")).isEqualTo("crmsync-" + ResourceDefinition
                .load().table("SeenDeliveriesTable").name());
        assertThat(java.time.Duration.parse("PT" + config.getProperty("crmsync.replay-window.retention")))
                .isGreaterThanOrEqualTo(java.time.Duration.ofHours(25));
    }

    /** The worker reserves API calls in the budget table; locally the same name comes from application.properties. */
    @Test
    void theWorkerKnowsTheBudgetTable() throws Exception {
        assertThat(template.environment("SyncWorkerFunction").get("CRMSYNC_TABLE_BUDGET").path("Ref").asText())
                .isEqualTo("BudgetTable");
        java.util.Properties config = new java.util.Properties();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(
                java.nio.file.Path.of("src/main/resources/application.properties"))) {
            config.load(in);
        }
        assertThat(config.getProperty("crmsync.table.budget")).isEqualTo("crmsync-" + ResourceDefinition.load()
                .table("BudgetTable").name());
    }

    /** The worker leaves a notice failing on its last receive to the redrive, so it must know which receive is last. */
    @Test
    void theWorkersMaxReceiveCountIsTheChangeQueuesRedriveSetting() throws Exception {
        java.util.Properties config = new java.util.Properties();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(
                java.nio.file.Path.of("src/main/resources/application.properties"))) {
            config.load(in);
        }
        int redrive = template.resource("ChangeQueue").path("Properties").path("RedrivePolicy")
                .path("maxReceiveCount").asInt();
        assertThat(redrive).isPositive();
        assertThat(config.getProperty("crmsync.queue.changes-max-receive-count"))
                .as("crmsync.queue.changes-max-receive-count in application.properties")
                .isEqualTo(Integer.toString(redrive));
    }

    @Test
    void dataIsEncryptedAndRecoverable() {
        template.resourcesOfType(DefinitionDrift.TABLE_TYPE).forEach((id, resource) -> {
            JsonNode table = resource.path("Properties");
            assertThat(table.path("BillingMode").asText()).as(id).isEqualTo("PAY_PER_REQUEST");
            assertThat(table.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                    .as(id + " point-in-time recovery").isTrue();
            assertThat(table.path("SSESpecification").path("SSEEnabled").asBoolean()).as(id + " SSE").isTrue();
        });
        template.resourcesOfType(DefinitionDrift.QUEUE_TYPE).forEach((id, queue) -> assertThat(
                queue.path("Properties").path("SqsManagedSseEnabled").asBoolean()).as(id + " SqsManagedSseEnabled").isTrue());
    }

    @Test
    void everyFunctionLogsToItsOwnGroupWithTheConfiguredRetention() {
        Set<String> groups = new TreeSet<>();
        template.functions().keySet().forEach(id -> {
            String group = template.functionProperty(id, "LoggingConfig").path("LogGroup").path("Ref").asText();
            assertThat(group).as(id + " LoggingConfig.LogGroup").isNotEmpty();
            assertThat(groups.add(group)).as(id + " has a log group of its own").isTrue();
            JsonNode logGroup = template.resource(group);
            assertThat(logGroup.path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
            assertThat(logGroup.path("Properties").path("RetentionInDays").path("Ref").asText())
                    .isEqualTo("LogRetentionDays");
        });
        assertThat(groups).isEqualTo(template.resourcesOfType("AWS::Logs::LogGroup").keySet());
    }

    @Test
    void webhookHasAPublicUrlAndTheOutputsNameTheResources() {
        // HubSpot cannot sign with IAM; the function checks HubSpot's v3 signature itself.
        assertThat(template.resource("HubSpotWebhookFunction").path("Properties").path("FunctionUrlConfig")
                .path("AuthType").asText()).isEqualTo("NONE");
        assertThat(template.resource("SyncWorkerFunction").path("Properties").has("FunctionUrlConfig")).isFalse();
        // Admins invoke mapping-admin with IAM credentials (aws lambda invoke); it has no public door.
        assertThat(template.resource("MappingAdminFunction").path("Properties").has("FunctionUrlConfig")).isFalse();
        assertThat(template.resource("MappingAdminFunction").path("Properties").has("Events")).isFalse();

        JsonNode outputs = template.root().path("Outputs");
        assertThat(outputs.path("HubSpotWebhookUrl").path("Value").toString())
                .isEqualTo(getAtt("HubSpotWebhookFunctionUrl", "FunctionUrl"));
        assertThat(outputs.path("ChangeQueueUrl").path("Value").path("Ref").asText()).isEqualTo("ChangeQueue");
        assertThat(outputs.path("ChangeDeadLetterQueueUrl").path("Value").path("Ref").asText())
                .isEqualTo("ChangeDeadLetterQueue");
        assertThat(outputs.path("LinksTableName").path("Value").path("Ref").asText()).isEqualTo("LinksTable");
    }

    /**
     * The CDC failed-events queue takes messages from this stack's CDC rule only (its dead-letter target): the
     * policy names the rule in an aws:SourceArn condition, so no other EventBridge rule, in any account, may send.
     * Lambda's on-failure destination sends with the function's role, not through this policy. Without Event
     * Relay there is no rule, and no policy at all.
     */
    @Test
    void onlyThisStacksCdcRuleMaySendToTheFailedEventsQueue() {
        JsonNode policy = template.resource("CdcFailedEventsQueuePolicy");
        assertThat(policy.path("Condition").asText()).isEqualTo(template.resource("SalesforceCdcRule")
                .path("Condition").asText()).isEqualTo("HasSalesforceEventBus");
        JsonNode statements = policy.path("Properties").path("PolicyDocument").path("Statement");
        assertThat(statements).isNotEmpty().allSatisfy(statement -> {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("events.amazonaws.com");
            assertThat(actions(statement)).containsExactly("sqs:SendMessage");
            assertThat(statement.path("Resource").toString()).isEqualTo(getAtt("CdcFailedEventsQueue", "Arn"));
            assertThat(statement.path("Condition").path("ArnEquals").path("aws:SourceArn").toString())
                    .isEqualTo(getAtt("SalesforceCdcRule", "Arn"));
        });
        // The Lambda destination's grant is the CDC function's own.
        assertThat(template.resource("SalesforceCdcFunction").path("Properties").path("Policies").toString())
                .contains(getAtt("CdcFailedEventsQueue", "Arn"));
    }

    /**
     * The public doors (Function URLs with AuthType NONE) each reserve, and are capped at, a concurrency set by a
     * parameter, so a flood on one of them is throttled (429: the CRMs retry) instead of taking the account's
     * whole concurrency from the worker and every other function. 0 leaves them unreserved, for accounts whose
     * quota is too small to reserve any.
     */
    @Test
    void everyPublicFunctionUrlHasReservedConcurrencyFromAParameter() {
        JsonNode parameter = template.parameters().path("PublicUrlReservedConcurrency");
        assertThat(parameter.path("Type").asText()).isEqualTo("Number");
        assertThat(parameter.path("Default").asInt()).isEqualTo(20);
        assertThat(parameter.path("MinValue").asInt()).isZero();
        String reserved = "{\"Fn::If\":[\"HasPublicUrlReservedConcurrency\",{\"Ref\":\"PublicUrlReservedConcurrency\"},"
                + "{\"Ref\":\"AWS::NoValue\"}]}";
        assertThat(template.root().path("Conditions").path("HasPublicUrlReservedConcurrency").toString())
                .isEqualTo("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"PublicUrlReservedConcurrency\"},\"0\"]}]}");

        Set<String> publicDoors = new TreeSet<>();
        template.functions().forEach((id, function) -> {
            JsonNode properties = function.path("Properties");
            if ("NONE".equals(properties.path("FunctionUrlConfig").path("AuthType").asText())) {
                publicDoors.add(template.environment(id).get("QUARKUS_FUNQY_EXPORT").asText());
                assertThat(properties.path("ReservedConcurrentExecutions").toString()).as(id).isEqualTo(reserved);
            }
        });
        assertThat(publicDoors).containsExactly("hubspot-webhook", "oauth-callback", "salesforce-outbound");
    }

    /**
     * A door that looks tenants up answers 503 when DynamoDB is down, and that answer must come before Lambda
     * ends the invocation: each door bounds its DynamoDB calls (retries included) well inside its Timeout.
     */
    @Test
    void theDoorsGiveUpOnDynamoDbBeforeTheirTimeout() {
        for (String id : List.of("HubSpotWebhookFunction", "SalesforceOutboundFunction", "SalesforceCdcFunction")) {
            JsonNode timeout = template.environment(id).get("QUARKUS_DYNAMODB_API_CALL_TIMEOUT");
            assertThat(timeout).as(id + " QUARKUS_DYNAMODB_API_CALL_TIMEOUT").isNotNull();
            long seconds = java.time.Duration.parse("PT" + timeout.asText()).toSeconds();
            assertThat(seconds).as(id + ": DynamoDB's budget against the function's Timeout")
                    .isLessThanOrEqualTo(template.functionProperty(id, "Timeout").asLong() / 2);
        }
    }

    /**
     * The admin API: a Function URL only IAM principals may call, the configuration its routes need (the
     * outbound URL a new tenant's token is added to), least-privilege grants, and its URL as an output.
     */
    @Test
    void theAdminApiIsAnIamFunctionUrl() {
        JsonNode properties = template.resource("AdminApiFunction").path("Properties");
        assertThat(properties.path("FunctionUrlConfig").path("AuthType").asText()).isEqualTo("AWS_IAM");
        assertThat(properties.has("Events")).as("AdminApiFunction Events").isFalse();

        Map<String, JsonNode> environment = template.environment("AdminApiFunction");
        assertThat(environment.get("QUARKUS_FUNQY_EXPORT").asText()).isEqualTo("admin-api");
        assertThat(environment.get("CRMSYNC_ADMIN_OUTBOUND_URL").toString())
                .isEqualTo(getAtt("SalesforceOutboundFunctionUrl", "FunctionUrl"));
        assertThat(environment.get("CRMSYNC_QUEUE_CHANGES_URL").path("Ref").asText()).isEqualTo("ChangeQueue");
        assertThat(environment.get("CRMSYNC_QUEUE_DEAD_LETTER_URL").path("Ref").asText())
                .isEqualTo("ChangeDeadLetterQueue");
        assertThat(environment.get("CRMSYNC_QUEUE_CDC_FAILED_URL").path("Ref").asText())
                .isEqualTo("CdcFailedEventsQueue");
        // Settings, mappings and allocations are checked against both CRMs, as mapping-admin checks them.
        assertThat(environment.keySet()).containsAll(template.environment("MappingAdminFunction").keySet().stream()
                .filter(name -> !name.equals("QUARKUS_FUNQY_EXPORT")).toList())
                .doesNotContain("CRMSYNC_HUBSPOT_CLIENT_SECRET");

        assertThat(template.root().path("Outputs").path("AdminApiUrl").path("Value").toString())
                .isEqualTo(getAtt("AdminApiFunctionUrl", "FunctionUrl"));
    }

    private static List<String> actions(JsonNode statement) {
        JsonNode action = statement.path("Action");
        if (action.isTextual()) {
            return List.of(action.asText());
        }
        List<String> actions = new ArrayList<>();
        action.forEach(a -> actions.add(a.asText()));
        return actions;
    }

    private static String getAtt(String logicalId, String attribute) {
        return "{\"Fn::GetAtt\":[\"" + logicalId + "\",\"" + attribute + "\"]}";
    }
}
