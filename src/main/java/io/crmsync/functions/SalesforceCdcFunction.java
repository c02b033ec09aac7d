package io.crmsync.functions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.crmsync.ingest.ChangeDataCaptureIntake;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.lambda.EventBridgeEvent;
import io.crmsync.tenant.TenantDirectory;
import io.quarkus.funqy.Funq;

/**
 * The {@code salesforce-cdc} Lambda: Change Data Capture events that Salesforce Event Relay puts on an
 * EventBridge partner bus, onto the queue. An event that can never be handled is logged and answered normally
 * (a retry would not help); if SQS is down the invocation fails, so Lambda retries it and, after its retries,
 * sends it to the function's failure destination.
 */
public class SalesforceCdcFunction {

    private static final Logger LOG = Logger.getLogger(SalesforceCdcFunction.class);

    @Inject
    ChangeDataCaptureIntake intake;

    /** What the invocation did, for the function's log and tests. */
    public record Result(String result) {
    }

    @Funq("salesforce-cdc")
    public Result salesforceCdc(EventBridgeEvent event) {
        try {
            return new Result(intake.handle(event).result());
        } catch (ChangeDataCaptureIntake.Rejected e) {
            LOG.warnf("salesforce-cdc: event %s rejected: %s", event.id(), e.getMessage());
            return new Result("rejected: " + e.getMessage());
        }
    }

    @ApplicationScoped
    static class Wiring {
        @Produces
        @ApplicationScoped
        ChangeDataCaptureIntake intake(TenantDirectory tenants, NoticeQueue queue,
                @ConfigProperty(name = "crmsync.salesforce.call-client-id") String ownClientId) {
            return new ChangeDataCaptureIntake(tenants, queue, ownClientId);
        }
    }
}
