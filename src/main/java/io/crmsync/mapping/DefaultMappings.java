package io.crmsync.mapping;

import java.util.List;
import java.util.Map;

/** The mappings crmsync uses until a tenant has its own. */
public final class DefaultMappings {

    /**
     * Salesforce requires LastName and Company on a Lead; HubSpot's own connector fills blanks with
     * "[not provided]", and so do we, so a contact without them still syncs.
     */
    public static final String NOT_PROVIDED = "[not provided]";

    public static final ObjectMapping CONTACT_TO_LEAD = new ObjectMapping("contact", "Lead", "HubSpot_Contact_Id__c",
            List.of(
                    new FieldMapping("email", "Email"),
                    new FieldMapping("firstname", "FirstName"),
                    new FieldMapping("lastname", "LastName"),
                    new FieldMapping("company", "Company"),
                    new FieldMapping("phone", "Phone"),
                    new FieldMapping("jobtitle", "Title")),
            Map.of("LastName", NOT_PROVIDED, "Company", NOT_PROVIDED));

    private DefaultMappings() {
    }
}
