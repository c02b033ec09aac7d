package io.crmsync.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import io.crmsync.functions.SharedSandboxes;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * The set-up the {@code @QuarkusTest}s of crmsync share, in one place: before each test it resets what
 * {@link SyncStack#reset} names and registers {@link SyncStack#tenant}; test and {@code @BeforeEach} methods
 * declare what they use as parameters: {@link LocalAws}, {@link HubSpotSandbox}, {@link SalesforceSandbox},
 * {@link TenantSetup}, {@link ChangeQueue} and {@link FunctionUnderTest}.
 *
 * <p>The servers themselves are the JVM-wide ones ({@link SharedLocalAws}, {@link SharedSandboxes}) that the test
 * profiles point the application at, so every profile and test class still shares one set of them.
 */
public final class SyncStackExtension implements BeforeEachCallback, ParameterResolver {

    private static final Set<Class<?>> RESOLVED = Set.of(LocalAws.class, HubSpotSandbox.class,
            SalesforceSandbox.class, TenantSetup.class, ChangeQueue.class, FunctionUnderTest.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        SyncStack stack = settings(context);
        List<SyncStack.Part> reset = Arrays.asList(stack.reset());
        if (reset.contains(SyncStack.Part.LOCAL_AWS)) {
            SharedLocalAws.get().reset();
        }
        // A sandbox starts each test empty and without the faults an earlier test may have injected.
        if (reset.contains(SyncStack.Part.HUBSPOT)) {
            SharedSandboxes.hubSpot().reset();
            SharedSandboxes.hubSpot().faults().configure(FaultInjector.Settings.none());
        }
        if (reset.contains(SyncStack.Part.SALESFORCE)) {
            SharedSandboxes.salesforce().reset();
            SharedSandboxes.salesforce().faults().configure(FaultInjector.Settings.none());
        }
        if (!stack.tenant().isEmpty()) {
            new TenantSetup(SharedLocalAws.get()).register(stack.tenant(), TenantSetup.PORTAL_ID,
                    SharedSandboxes.salesforce().orgId());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return RESOLVED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        LocalAws aws = SharedLocalAws.get();
        if (type == LocalAws.class) {
            return aws;
        } else if (type == HubSpotSandbox.class) {
            return SharedSandboxes.hubSpot();
        } else if (type == SalesforceSandbox.class) {
            return SharedSandboxes.salesforce();
        } else if (type == TenantSetup.class) {
            return new TenantSetup(aws);
        } else if (type == ChangeQueue.class) {
            return new ChangeQueue(aws);
        } else if (type == FunctionUnderTest.class) {
            return new FunctionUnderTest();
        }
        throw new ParameterResolutionException("SyncStackExtension does not provide " + type.getName());
    }

    private static SyncStack settings(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), SyncStack.class)
                .orElseThrow(() -> new IllegalStateException(context.getRequiredTestClass().getName()
                        + " uses SyncStackExtension without @SyncStack"));
    }
}
