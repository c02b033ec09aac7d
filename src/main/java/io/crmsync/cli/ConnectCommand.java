package io.crmsync.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code connect <id> hubspot|salesforce|salesforce-jwt …}. The token, client secret and key go in the body only,
 * and into the request's secrets so nothing printed shows them; no usage error quotes an argument that could be one
 * (see {@link HoldsSecrets}).
 */
@Command(name = "connect", description = {"Connect a tenant's HubSpot account or Salesforce org.",
        "OAuth answers the URL to open in a browser; a private app token or a JWT bearer key connects at once."},
        subcommands = {ConnectCommand.Hubspot.class, ConnectCommand.Salesforce.class,
                ConnectCommand.SalesforceJwt.class})
final class ConnectCommand extends CommandGroup implements HoldsSecrets {

    // Optional to picocli so that `… hubspot --help` needs none; a request without it is a usage error.
    @Parameters(index = "0", arity = "0..1", paramLabel = "<id>", description = "The tenant's id.")
    String tenant;

    /** Shared by the three ways to connect: where to send, and the secrets to keep out of what is printed. */
    abstract static class Connect extends ApiCommand implements HoldsSecrets {

        @ParentCommand
        ConnectCommand connect;

        final List<String> secrets = new ArrayList<>();

        String path(String crm) {
            return tenantPath(connect.tenant) + "/connect/" + crm;
        }

        String optionValue(String value, String option) {
            if (value.isBlank()) {
                throw usage(option + " needs a value");
            }
            return value;
        }

        String secret(String value, String what) {
            if (value.isBlank()) {
                throw usage("the " + what + " is empty");
            }
            secrets.add(value);
            return value;
        }
    }

    @Command(name = "hubspot", customSynopsis = "crmsync connect <id> hubspot [<private app token>] [options]",
            description = {"Connect HubSpot.",
            "Without a token: answers the app's install URL to open as a user of the HubSpot account.",
            "With a private app's token: checked with one call, then kept in the tenant's secret."})
    static final class Hubspot extends Connect {

        @Parameters(arity = "0..1", paramLabel = "<private app token>",
                description = "A private app's access token instead of OAuth.")
        String token;

        @Override
        ApiRequest request() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            if (token != null) {
                body.put("privateAppToken", secret(token, "private app token"));
            }
            return ApiRequest.json("POST", path("hubspot"), body, secrets);
        }
    }

    /** The options both Salesforce flows share: which login server, and whose connected app. */
    static final class SalesforceApp {

        @Option(names = "--sandbox", description = "A sandbox org: test.salesforce.com, not login.salesforce.com.")
        boolean sandbox;

        @Option(names = "--client-id", paramLabel = "<consumer key>",
                description = "The tenant's own connected app (default: the deployment's).")
        String clientId;
    }

    @Command(name = "salesforce", customSynopsis = "crmsync connect <id> salesforce [--sandbox]"
            + " [--client-id=<consumer key> [--client-secret=<consumer secret>]] [options]",
            description = {"Connect Salesforce with OAuth (web-server flow with PKCE).",
            "Answers the authorize URL to open; log in as the integration user and allow access."})
    static final class Salesforce extends Connect {

        @Mixin
        SalesforceApp app;

        @Option(names = "--client-secret", paramLabel = "<consumer secret>",
                description = "The consumer secret of that connected app (with --client-id).")
        String clientSecret;

        @Override
        ApiRequest request() {
            if (clientSecret != null && app.clientId == null) {
                throw usage("--client-secret goes with --client-id: the consumer secret of that connected app");
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("sandbox", app.sandbox);
            if (app.clientId != null) {
                body.put("clientId", optionValue(app.clientId, "--client-id"));
            }
            if (clientSecret != null) {
                body.put("clientSecret", secret(clientSecret, "client secret"));
            }
            return ApiRequest.json("POST", path("salesforce"), body, secrets);
        }
    }

    @Command(name = "salesforce-jwt", customSynopsis = "crmsync connect <id> salesforce-jwt [--sandbox]"
            + " [--client-id=<consumer key>] <username> <key.pem> [options]",
            description = {"Connect Salesforce with the JWT bearer flow (headless).",
            "The key is the PKCS#8 private key whose certificate the connected app holds."})
    static final class SalesforceJwt extends Connect {

        @Mixin
        SalesforceApp app;

        @Parameters(index = "0", paramLabel = "<username>", description = "The integration user's username.")
        String username;

        @Parameters(index = "1", paramLabel = "<key.pem>", description = "The private key file (PEM, PKCS#8).")
        Path key;

        @Override
        ApiRequest request() {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("sandbox", app.sandbox);
            ObjectNode jwt = body.putObject("jwtBearer");
            if (app.clientId != null) {
                jwt.put("clientId", optionValue(app.clientId, "--client-id"));
            }
            jwt.put("username", nonBlank(username, "username"));
            jwt.put("privateKeyPem", secret(read(key), "key.pem"));
            return ApiRequest.json("POST", path("salesforce"), body, secrets);
        }
    }
}
