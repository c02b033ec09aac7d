package io.crmsync.functions;

import java.util.List;
import java.util.Map;

import io.crmsync.localaws.LocalAwsResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The deployable as the reconciler Lambda runs it, against local AWS and the CRM sandboxes. */
public class ReconcilerFunctionProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "reconciler");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalAwsResource.class), new TestResourceEntry(SharedSandboxes.class));
    }
}
