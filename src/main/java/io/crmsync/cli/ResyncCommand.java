package io.crmsync.cli;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code resync <id> hubspot|salesforce|list …}: queue records, or a HubSpot list, for sync at once. */
@Command(name = "resync", description = {"Queue records, or a HubSpot list, for sync at once (up to 1,000 ids).",
        "Use it after fixing what a sync error reported, or to import a list without waiting for reconcile."},
        subcommands = {ResyncCommand.Hubspot.class, ResyncCommand.Salesforce.class, ResyncCommand.HubspotList.class})
final class ResyncCommand extends CommandGroup {

    // Optional to picocli so that `… hubspot --help` needs none; a request without it is a usage error.
    @Parameters(index = "0", arity = "0..1", paramLabel = "<id>", description = "The tenant's id.")
    String tenant;

    /** Records of one CRM: {@code {"<crm>": {"type": …, "ids": […]}}}, the CRM being this command's name. */
    abstract static class Records extends ApiCommand {

        @ParentCommand
        ResyncCommand resync;

        @Parameters(index = "0", paramLabel = "<type>", description = "The object type.")
        String type;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "<record id>", description = "The records' ids.")
        List<String> ids;

        @Override
        ApiRequest request() {
            String side = spec.name();
            if (ids == null || ids.isEmpty()) {
                throw usage("resync " + side + " needs at least one record id");
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode records = body.putObject(side).put("type", nonBlank(type, "object type")).putArray("ids");
            ids.forEach(records::add);
            return ApiRequest.json("POST", tenantPath(resync.tenant) + "/resync", body);
        }
    }

    @Command(name = "hubspot", customSynopsis = "crmsync resync <id> hubspot <type> <record id>... [options]",
            description = "Resync HubSpot records: contact, company, deal, …")
    static final class Hubspot extends Records {
    }

    @Command(name = "salesforce", customSynopsis = "crmsync resync <id> salesforce <Type> <record id>... [options]",
            description = "Resync Salesforce records: Lead, Contact, Account, Opportunity, Task.")
    static final class Salesforce extends Records {
    }

    @Command(name = "list", customSynopsis = "crmsync resync <id> list <HubSpot list id> [<after>] [options]",
            description = "Resync the members of a HubSpot list, page by page.")
    static final class HubspotList extends ApiCommand {

        @ParentCommand
        ResyncCommand resync;

        @Parameters(index = "0", paramLabel = "<HubSpot list id>", description = "The list's id.")
        String list;

        @Parameters(index = "1", arity = "0..1", paramLabel = "<after>",
                description = "Where to go on: the paging cursor a previous answer gave.")
        String after;

        @Override
        ApiRequest request() {
            ObjectNode body = JsonNodeFactory.instance.objectNode()
                    .put("hubspotList", nonBlank(list, "HubSpot list id"));
            if (after != null) {
                body.put("after", after);
            }
            return ApiRequest.json("POST", tenantPath(resync.tenant) + "/resync", body);
        }
    }
}
