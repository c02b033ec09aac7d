package io.crmsync.salesforce;

import java.net.URI;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.crmsync.crmhttp.CrmCallFilter;
import io.crmsync.mapping.SalesforceSchema;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/** The Salesforce schema through sObject Describe, with the session's token (renewed once on 401). */
@ApplicationScoped
public class SalesforceDescribeReader implements SalesforceSchema {

    private final SalesforceSession session;
    /** The client for the last instance URL seen; an org's instance URL rarely changes. */
    private volatile Client client;

    private record Client(String instanceUrl, SalesforceDescribeApi api) {
    }

    public SalesforceDescribeReader(SalesforceSession session) {
        this.session = session;
    }

    @Override
    public List<SalesforceField> fields(String sObject) {
        SalesforceDescribeApi.DescribeResult result = session.call("describe " + sObject,
                current -> api(current.instanceUrl()).describe(current.version(), sObject, current.authorization(),
                        current.callOptions()),
                response -> response.readEntity(SalesforceDescribeApi.DescribeResult.class));
        return result.fields() == null ? List.of()
                : result.fields().stream().map(SalesforceDescribeReader::toField).toList();
    }

    private static SalesforceField toField(SalesforceDescribeApi.Field f) {
        List<String> picklist = f.picklistValues() == null ? List.of()
                : f.picklistValues().stream().filter(SalesforceDescribeApi.PicklistValue::active)
                        .map(SalesforceDescribeApi.PicklistValue::value).toList();
        return new SalesforceField(f.name(), f.type(), f.length(), picklist, f.updateable(), f.createable(),
                f.nillable(), f.defaultedOnCreate(), f.externalId(), f.unique(), f.referenceTo() == null ? List.of()
                        : f.referenceTo());
    }

    private SalesforceDescribeApi api(String instanceUrl) {
        Client c = client;
        if (c == null || !c.instanceUrl().equals(instanceUrl)) {
            c = new Client(instanceUrl, QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(instanceUrl)).register(new CrmCallFilter())
                    // Every status is read here (401 → renew, 404 → unknown object).
                    .disableDefaultMapper(true).build(SalesforceDescribeApi.class));
            client = c;
        }
        return c.api();
    }

}
