package io.crmsync.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@code @QuarkusTest} against the shared sync stack: local AWS and both CRM sandboxes, reset before each test,
 * with what tests use handed to their methods as parameters (see {@link SyncStackExtension}). The Quarkus test
 * profile still decides which function the application runs as; this only replaces the per-class set-up.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SyncStackExtension.class)
public @interface SyncStack {

    /** What a test starts from empty (a sandbox also without injected faults). */
    enum Part {
        /** The tables, queues and secrets of the shared local AWS. */
        LOCAL_AWS,
        HUBSPOT,
        SALESFORCE
    }

    /** What is reset before each test; a test of one adapter resets only its CRM. */
    Part[] reset() default {Part.LOCAL_AWS, Part.HUBSPOT, Part.SALESFORCE};

    /**
     * A tenant registered before each test (after the reset) for HubSpot portal {@link TenantSetup#PORTAL_ID} and
     * the Salesforce sandbox's org; none when empty.
     */
    String tenant() default "";
}
