package io.crmsync.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command lines of {@code make crmsync} and the admin API requests they stand for. */
class AdminCliTest {

    @TempDir
    Path dir;

    static AdminCli.Request request(String line) throws AdminCli.UsageException {
        return AdminCli.request(List.of(line.split(" ")));
    }

    @Test
    void tenantsSettingsAndOperations() throws Exception {
        assertThat(request("tenants list")).isEqualTo(AdminCli.Request.get("/tenants"));
        assertThat(request("tenants create acme").body()).isEqualTo("{\"id\":\"acme\"}");
        assertThat(request("tenants get acme").path()).isEqualTo("/tenants/acme");
        assertThat(request("settings get acme")).isEqualTo(AdminCli.Request.get("/tenants/acme/settings"));
        Path settings = Files.writeString(dir.resolve("settings.json"), "{\"dealSync\": true}");
        assertThat(request("settings put acme " + settings)).isEqualTo(new AdminCli.Request("PUT",
                "/tenants/acme/settings", "application/json", "{\"dealSync\": true}", false));
        assertThat(request("allocation get acme").path()).isEqualTo("/tenants/acme/allocation");
        assertThat(request("reimport acme").method()).isEqualTo("POST");
        assertThat(request("resync acme hubspot contact 101 102").body())
                .isEqualTo("{\"hubspot\":{\"type\":\"contact\",\"ids\":[\"101\",\"102\"]}}");
        assertThat(request("resync acme list 77").body()).isEqualTo("{\"hubspotList\":\"77\"}");
        assertThat(request("dead-letters")).isEqualTo(AdminCli.Request.get("/dead-letters"));
        assertThat(request("dead-letters redrive").path()).isEqualTo("/dead-letters/redrive");
        assertThat(request("openapi").path()).isEqualTo("/openapi.json");
    }

    @Test
    void mappingsAreSentAsYamlAndApplyNeedsThePlanIdReviewed() throws Exception {
        Path file = Files.writeString(dir.resolve("mappings.yaml"), "contact_lead:\n  preset: recommended\n");

        assertThat(request("mappings plan acme " + file)).isEqualTo(new AdminCli.Request("POST",
                "/tenants/acme/mappings/plan", "application/yaml", "contact_lead:\n  preset: recommended\n", false));
        assertThat(request("mappings apply acme " + file + " 0123abcd").path())
                .isEqualTo("/tenants/acme/mappings/apply?reviewed=0123abcd");
        assertThat(request("mappings get acme").yamlAnswer()).isTrue();
        assertThatThrownBy(() -> request("mappings apply acme " + file)).hasMessageContaining(
                "needs the planId `mappings plan` printed");
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThatThrownBy(() -> AdminCli.request(List.of())).hasMessage("no command");
        assertThatThrownBy(() -> request("tenants create")).hasMessage("missing id");
        assertThatThrownBy(() -> request("settings put acme")).hasMessage("missing settings.json");
        assertThatThrownBy(() -> request("settings put acme /no/such.json")).hasMessage("no file /no/such.json");
        assertThatThrownBy(() -> request("resync acme hubspot contact")).hasMessageContaining("at least one record id");
        assertThatThrownBy(() -> request("frobnicate")).hasMessage("unknown command frobnicate");
    }

    @Test
    void aPlanIsPrintedLineByLineWithItsId() {
        String printed = AdminCli.render(200, "{\"planId\": \"abc\", \"plan\": [\"contact_lead: no changes\"]}");

        assertThat(printed).startsWith("  contact_lead: no changes\nplanId: abc\n");
        assertThat(AdminCli.render(400, "{\"errors\": [\"id: bad\"]}")).startsWith("HTTP 400\n").contains("id: bad");
        assertThat(AdminCli.render(200, "contact_lead:\n  fields: []")).isEqualTo("contact_lead:\n  fields: []\n");
    }
}
