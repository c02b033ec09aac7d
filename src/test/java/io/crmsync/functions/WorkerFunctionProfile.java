package io.crmsync.functions;

import java.util.List;
import java.util.Map;

import io.crmsync.localaws.LocalAwsResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The deployable as the sync-worker Lambda runs it, against local AWS and the CRM sandboxes. */
public class WorkerFunctionProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "sync-worker");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalAwsResource.class,
                Map.of(LocalAwsResource.FUNCTION, "sync-worker")), new TestResourceEntry(SharedSandboxes.class));
    }
}
