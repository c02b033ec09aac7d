package io.crmsync.cli;

import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code settings get|put} and {@code allocation get|put}: one JSON document per tenant, read whole and changed by
 * the keys a file holds (checked by the API before anything is saved). The same two subcommands serve both; the
 * parent's name is the document's.
 */
final class TenantDocumentCommands {

    private TenantDocumentCommands() {
    }

    @Command(name = "settings", description = {"Show or change a tenant's settings.",
            "A change names only the keys it changes; every key is checked before anything is saved."},
            subcommands = {Get.class, Put.class})
    static final class Settings extends CommandGroup {
    }

    @Command(name = "allocation", description = {"Show or change a tenant's daily API-call allocation.",
            "A change names only the keys it changes; every key is checked before anything is saved."},
            subcommands = {Get.class, Put.class})
    static final class Allocation extends CommandGroup {
    }

    @Command(name = "get", description = "Show the tenant's ${PARENT-COMMAND-NAME}.")
    static final class Get extends ApiCommand {

        @Parameters(index = "0", paramLabel = "<id>", description = "The tenant's id.")
        String tenant;

        @Override
        ApiRequest request() {
            return ApiRequest.get(tenantPath(tenant) + "/" + spec.parent().name());
        }
    }

    @Command(name = "put", description = "Change the tenant's ${PARENT-COMMAND-NAME}: the keys in a JSON file.")
    static final class Put extends ApiCommand {

        @Parameters(index = "0", paramLabel = "<id>", description = "The tenant's id.")
        String tenant;

        @Parameters(index = "1", paramLabel = "<file.json>", description = "A JSON object of the keys to change.")
        Path file;

        @Override
        ApiRequest request() {
            String path = tenantPath(tenant) + "/" + spec.parent().name();
            return new ApiRequest("PUT", path, ApiRequest.JSON_TYPE, read(file), ApiRequest.JSON_TYPE);
        }
    }
}
