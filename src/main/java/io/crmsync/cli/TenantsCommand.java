package io.crmsync.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "tenants", description = "List, create or show tenants.",
        subcommands = {TenantsCommand.ListTenants.class, TenantsCommand.Create.class, TenantsCommand.Get.class})
final class TenantsCommand extends CommandGroup {

    @Command(name = "list", description = "List the tenants.")
    static final class ListTenants extends ApiCommand {

        @Override
        ApiRequest request() {
            return ApiRequest.get("/tenants");
        }
    }

    @Command(name = "create", description = {"Create a tenant.",
            "The answer holds its Salesforce Outbound Message URL with the tenant's token in it, shown this once."})
    static final class Create extends ApiCommand {

        @Parameters(paramLabel = "<id>", description = "The new tenant's id.")
        String id;

        @Override
        ApiRequest request() {
            return ApiRequest.json("POST", "/tenants", JsonNodeFactory.instance.objectNode().put("id",
                    nonBlank(id, "id")));
        }
    }

    @Command(name = "get", description = "Show a tenant.")
    static final class Get extends ApiCommand {

        @Parameters(paramLabel = "<id>", description = "The tenant's id.")
        String id;

        @Override
        ApiRequest request() {
            return ApiRequest.get(tenantPath(id));
        }
    }
}
