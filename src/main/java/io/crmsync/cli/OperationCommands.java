package io.crmsync.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that are one request each about a tenant's sync, or the deployment's queues and API. */
final class OperationCommands {

    private OperationCommands() {
    }

    @Command(name = "connections", description = "Show what is connected: methods, portal, org, user (never a token).")
    static final class Connections extends ApiCommand {

        @Parameters(paramLabel = "<id>", description = "The tenant's id.")
        String tenant;

        @Override
        ApiRequest request() {
            return ApiRequest.get(tenantPath(tenant) + "/connections");
        }
    }

    @Command(name = "reimport", description = {"Import again after a mapping change.",
            "The next reconcile run re-checks every record against the mappings now in force."})
    static final class Reimport extends ApiCommand {

        @Parameters(paramLabel = "<id>", description = "The tenant's id.")
        String tenant;

        @Override
        ApiRequest request() {
            return ApiRequest.json("POST", tenantPath(tenant) + "/reimport", null);
        }
    }

    @Command(name = "health", description = {"Show a tenant's sync health: API calls against the allocation,"
            + " suspension, sync errors by category, the last reconcile run."})
    static final class Health extends ApiCommand {

        @Parameters(paramLabel = "<id>", description = "The tenant's id.")
        String tenant;

        @Override
        ApiRequest request() {
            return ApiRequest.get(tenantPath(tenant) + "/health");
        }
    }

    @Command(name = "errors-csv", description = "Print a tenant's sync errors as CSV.")
    static final class ErrorsCsv extends ApiCommand {

        @Parameters(paramLabel = "<id>", description = "The tenant's id.")
        String tenant;

        @Override
        ApiRequest request() {
            return new ApiRequest("GET", tenantPath(tenant) + "/errors.csv", null, null, "text/csv");
        }
    }

    @Command(name = "history", description = {"Show a record's history: its link, last sync time and every field"
            + " decision (old and new values, the winner and the rule)."})
    static final class History extends ApiCommand {

        @Parameters(index = "0", paramLabel = "<id>", description = "The tenant's id.")
        String tenant;

        @Parameters(index = "1", paramLabel = "<record>",
                description = "hubspot:<type>:<id> or salesforce:<Type>:<id>, e.g. hubspot:contact:123.")
        String record;

        @Override
        ApiRequest request() {
            return ApiRequest.get(tenantPath(tenant) + "/records/history?record=" + URLEncoder.encode(
                    nonBlank(record, "record (hubspot:<type>:<id> or salesforce:<Type>:<id>)"),
                    StandardCharsets.UTF_8));
        }
    }

    @Command(name = "erase", description = {"Erase everything crmsync keeps about one person (a privacy request):"
            + " audit rows, links, sync errors, waits; answers the records and the items erased per table.",
            "Give exactly one of --salesforce-id, --hubspot-id or --email. No CRM record is deleted."})
    static final class Erase extends ApiCommand {

        @Parameters(paramLabel = "<id>", description = "The tenant's id.")
        String tenant;

        @Option(names = "--salesforce-id", paramLabel = "<Id>", description = "A Lead (00Q…) or Contact (003…) id.")
        String salesforceId;

        @Option(names = "--hubspot-id", paramLabel = "<id>", description = "A HubSpot contact id.")
        String hubSpotId;

        @Option(names = "--email", paramLabel = "<email>",
                description = "Every record with this email in either CRM (sent in the body, never in the URL).")
        String email;

        @Override
        ApiRequest request() {
            com.fasterxml.jackson.databind.node.ObjectNode body =
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            int given = 0;
            if (salesforceId != null) {
                body.put("salesforceId", salesforceId);
                given++;
            }
            if (hubSpotId != null) {
                body.put("hubSpotId", hubSpotId);
                given++;
            }
            if (email != null) {
                body.put("email", email);
                given++;
            }
            if (given != 1) {
                throw usage("give exactly one of --salesforce-id, --hubspot-id or --email");
            }
            // The email is personal data: held back from anything the CLI echoes, like a secret.
            return ApiRequest.json("POST", tenantPath(tenant) + "/erase", body,
                    email == null ? java.util.List.of() : java.util.List.of(email));
        }
    }

    @Command(name = "dead-letters", description = "Count the notices in the dead-letter queue.",
            subcommands = DeadLetters.Redrive.class)
    static final class DeadLetters extends ApiCommand {

        @Override
        ApiRequest request() {
            return ApiRequest.get("/dead-letters");
        }

        @Command(name = "redrive", description = "Move the dead letters back to the change queue.")
        static final class Redrive extends ApiCommand {

            @Override
            ApiRequest request() {
                return ApiRequest.json("POST", "/dead-letters/redrive", null);
            }
        }
    }

    @Command(name = "cdc-failed", description = {"Count the Salesforce Change Data Capture events that failed to"
            + " reach the intake (parked in cdc-failed-events)."}, subcommands = CdcFailed.Replay.class)
    static final class CdcFailed extends ApiCommand {

        @Override
        ApiRequest request() {
            return ApiRequest.get("/cdc-failed");
        }

        @Command(name = "replay", description = {"Replay the parked events as the change notices the intake would"
                + " have queued.", "Each leaves the queue only once the change queue took it; one that cannot be read"
                + " stays parked and is reported."})
        static final class Replay extends ApiCommand {

            @Option(names = "--max", paramLabel = "<n>",
                    description = "At most this many events in this call (1 to 2000; the API's default is 500).")
            Integer max;

            @Override
            ApiRequest request() {
                if (max != null && (max < 1 || max > 2000)) {
                    throw usage("--max must be from 1 to 2000");
                }
                return ApiRequest.json("POST", "/cdc-failed/replay" + (max == null ? "" : "?max=" + max), null);
            }
        }
    }

    @Command(name = "openapi", description = "Print the admin API's OpenAPI document.")
    static final class OpenApi extends ApiCommand {

        @Override
        ApiRequest request() {
            return ApiRequest.get("/openapi.json");
        }
    }
}
