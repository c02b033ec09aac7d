package io.crmsync.sandbox.salesforce.soql;

/**
 * A query Salesforce would refuse, with its error code (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE,
 * INVALID_QUERY_FILTER_OPERATOR) and a message in Salesforce's layout: the query, a caret under the
 * offending position, "ERROR at Row:r:Column:c", then the reason.
 */
public final class SoqlException extends RuntimeException {

    private final String errorCode;

    public SoqlException(String errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }

    /** An error pointing at {@code position} (0-based) in {@code soql}. */
    public static SoqlException at(String errorCode, String soql, int position, String reason) {
        int row = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(position, soql.length()); i++) {
            if (soql.charAt(i) == '\n') {
                row++;
                lineStart = i + 1;
            }
        }
        int lineEnd = soql.indexOf('\n', lineStart);
        String line = soql.substring(lineStart, lineEnd < 0 ? soql.length() : lineEnd);
        int column = position - lineStart + 1;
        String message = "\n" + line + "\n" + " ".repeat(Math.max(0, column - 1)) + "^\nERROR at Row:" + row
                + ":Column:" + column + "\n" + reason;
        return new SoqlException(errorCode, message);
    }
}
