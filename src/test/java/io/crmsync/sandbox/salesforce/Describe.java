package io.crmsync.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of the describe resources, built from the schemas. */
final class Describe {

    private Describe() {
    }

    /** One entry of the global describe's {@code sobjects}. */
    static Map<String, Object> objectSummary(SObjectSchema schema, String apiVersion) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", schema.name());
        summary.put("label", schema.label());
        summary.put("labelPlural", schema.labelPlural());
        summary.put("keyPrefix", schema.keyPrefix());
        summary.put("custom", schema.name().endsWith("__c"));
        summary.put("createable", true);
        summary.put("updateable", true);
        summary.put("deletable", true);
        summary.put("undeletable", true);
        summary.put("queryable", true);
        summary.put("replicateable", true);
        summary.put("retrieveable", true);
        summary.put("searchable", true);
        summary.put("urls", urls(schema, apiVersion));
        return summary;
    }

    static Map<String, Object> object(SObjectSchema schema, String apiVersion) {
        Map<String, Object> describe = objectSummary(schema, apiVersion);
        describe.put("fields", schema.fields().stream().map(Describe::field).toList());
        return describe;
    }

    private static Map<String, Object> urls(SObjectSchema schema, String apiVersion) {
        String base = "/services/data/" + apiVersion + "/sobjects/" + schema.name();
        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put("sobject", base);
        urls.put("describe", base + "/describe");
        urls.put("rowTemplate", base + "/{ID}");
        return urls;
    }

    private static Map<String, Object> field(FieldDef field) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", field.name());
        json.put("label", field.label());
        json.put("type", field.type().describeName());
        json.put("length", field.type().isText() ? field.length() : 0);
        json.put("precision", field.type() == FieldType.CURRENCY || field.type() == FieldType.DOUBLE ? 18 : 0);
        json.put("scale", field.type() == FieldType.CURRENCY ? 2 : 0);
        json.put("digits", field.type() == FieldType.INT ? 9 : 0);
        json.put("custom", field.name().endsWith("__c"));
        json.put("externalId", field.externalId());
        json.put("unique", field.unique());
        json.put("idLookup", field.type() == FieldType.ID || field.externalId());
        json.put("caseSensitive", field.caseSensitive());
        json.put("createable", field.writable());
        json.put("updateable", field.updateable());
        json.put("nillable", field.nillable());
        json.put("defaultedOnCreate", field.defaultValue() != null || !field.writable());
        json.put("defaultValue", field.defaultValue());
        json.put("filterable", field.type() != FieldType.TEXTAREA || field.length() <= 255);
        json.put("sortable", field.type() != FieldType.TEXTAREA || field.length() <= 255);
        json.put("picklistValues", field.picklistValues().stream().map(v -> picklistValue(field, v)).toList());
        json.put("restrictedPicklist", field.restricted());
        json.put("referenceTo", field.referenceTo());
        json.put("relationshipName", field.relationshipName());
        json.put("polymorphicForeignKey", field.referenceTo().size() > 1);
        json.put("soapType", soapType(field.type()));
        return json;
    }

    private static Map<String, Object> picklistValue(FieldDef field, String value) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("active", true);
        json.put("defaultValue", value.equals(field.defaultValue()));
        json.put("label", value);
        json.put("validFor", null);
        json.put("value", value);
        return json;
    }

    private static String soapType(FieldType type) {
        return switch (type) {
            case ID, REFERENCE -> "tns:ID";
            case BOOLEAN -> "xsd:boolean";
            case DATETIME -> "xsd:dateTime";
            case DATE -> "xsd:date";
            case DOUBLE, CURRENCY -> "xsd:double";
            case INT -> "xsd:int";
            default -> "xsd:string";
        };
    }

    static List<String> fieldNames(SObjectSchema schema) {
        return schema.fieldNames();
    }
}
