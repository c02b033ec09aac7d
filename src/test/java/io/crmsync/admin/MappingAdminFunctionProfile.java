package io.crmsync.admin;

import java.util.List;
import java.util.Map;

import io.crmsync.functions.SharedSandboxes;
import io.crmsync.localaws.LocalAwsResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The deployable as the mapping-admin Lambda runs it, against local AWS and the CRM sandboxes. */
public class MappingAdminFunctionProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "mapping-admin");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalAwsResource.class,
                Map.of(LocalAwsResource.FUNCTION, "mapping-admin")), new TestResourceEntry(SharedSandboxes.class));
    }
}
