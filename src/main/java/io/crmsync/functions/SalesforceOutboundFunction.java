package io.crmsync.functions;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import io.crmsync.notice.NoticeQueue;
import io.crmsync.ingest.SalesforceOutboundIntake;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.store.DynamoSeenDeliveries;
import io.crmsync.tenant.TenantDirectory;
import io.quarkus.funqy.Funq;

/** The {@code salesforce-outbound} Lambda: Salesforce Outbound Messages, via a Function URL, onto the queue. */
public class SalesforceOutboundFunction {

    @Inject
    SalesforceOutboundIntake intake;

    @Funq("salesforce-outbound")
    public HttpResponseEvent salesforceOutbound(HttpRequestEvent request) {
        return intake.handle(request);
    }

    @ApplicationScoped
    static class Wiring {
        @Produces
        @ApplicationScoped
        SalesforceOutboundIntake intake(TenantDirectory tenants, NoticeQueue queue, DynamoSeenDeliveries seen) {
            return new SalesforceOutboundIntake(tenants, queue, seen, Clock.systemUTC());
        }
    }
}
