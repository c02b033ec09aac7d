package io.crmsync.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** mappings.yaml: the preset, a tenant's, and validate → plan (review) → apply what was reviewed. */
@Command(name = "mappings", description = {"Field mappings (mappings.yaml): show, validate, plan and apply.",
        "As HubSpot's wizard ends with review and finish: plan shows the diff and a planId, apply applies exactly"
                + " that plan."},
        subcommands = {MappingsCommand.Recommended.class, MappingsCommand.Get.class, MappingsCommand.Validate.class,
                MappingsCommand.Plan.class, MappingsCommand.Apply.class})
final class MappingsCommand extends CommandGroup {

    @Command(name = "recommended", description = "Print the recommended preset, a mappings.yaml to start from.")
    static final class Recommended extends ApiCommand {

        @Override
        ApiRequest request() {
            return new ApiRequest("GET", "/mappings/recommended", null, null, ApiRequest.YAML_TYPE);
        }
    }

    @Command(name = "get", description = "Print the tenant's mappings as mappings.yaml, ready to edit.")
    static final class Get extends ApiCommand {

        @Parameters(index = "0", paramLabel = "<id>", description = "The tenant's id.")
        String tenant;

        @Override
        ApiRequest request() {
            return new ApiRequest("GET", tenantPath(tenant) + "/mappings", null, null, ApiRequest.YAML_TYPE);
        }
    }

    /** A tenant and a mappings.yaml, posted to {@code /tenants/<id>/mappings/<this command's name>}. */
    abstract static class FileCommand extends ApiCommand {

        @Parameters(index = "0", paramLabel = "<id>", description = "The tenant's id.")
        String tenant;

        @Parameters(index = "1", paramLabel = "<mappings.yaml>", description = "The mappings file.")
        Path file;

        ApiRequest post(String query) {
            String yaml = read(file);
            return new ApiRequest("POST", tenantPath(tenant) + "/mappings/" + spec.name() + query,
                    ApiRequest.YAML_TYPE, yaml, ApiRequest.JSON_TYPE);
        }
    }

    @Command(name = "validate", description = "Check a mappings.yaml: its errors, or none. Changes nothing.")
    static final class Validate extends FileCommand {

        @Override
        ApiRequest request() {
            return post("");
        }
    }

    @Command(name = "plan", description = {"Validate, then list what would change against the mappings in force,"
            + " with the planId that apply takes. Changes nothing."})
    static final class Plan extends FileCommand {

        @Override
        ApiRequest request() {
            return post("");
        }
    }

    @Command(name = "apply", description = {"Apply a mappings.yaml whose plan was reviewed.",
            "Refused, with the new plan, when the mappings changed since that plan."})
    static final class Apply extends FileCommand {

        @Parameters(index = "2", arity = "0..1", paramLabel = "<planId>",
                description = "The planId that `mappings plan` printed for this file.")
        String planId;

        @Override
        ApiRequest request() {
            boolean reviewed = planId != null && !planId.isBlank();
            // The file is read first: one that is not there is the mistake to report before a missing planId.
            ApiRequest apply = post(reviewed ? "?reviewed=" + URLEncoder.encode(planId, StandardCharsets.UTF_8) : "");
            if (!reviewed) {
                throw usage("mappings apply needs the planId `mappings plan` printed for this file: review the"
                        + " plan first, then apply what you reviewed");
            }
            return apply;
        }
    }
}
