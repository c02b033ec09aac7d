package io.crmsync.locallambda;

import io.crmsync.deploy.SamTemplate;

/**
 * A function's recursive loop detection setting, {@code RecursiveLoop} of AWS::Lambda::Function (template.yaml), API
 * PutFunctionRecursionConfig. With {@link #TERMINATE}, Lambda's default, Lambda stops invoking the function with an
 * event that has passed through the same Lambda→SQS→Lambda chain about 16 times ({@link #LIMIT}).
 */
public enum RecursiveLoop {
    ALLOW, TERMINATE;

    /**
     * How many times an event's chain may invoke the same function: the 17th invocation is stopped. AWS documents
     * "approximately 16"; here exactly 16, so a test that passes here has no slack in AWS.
     */
    public static final int LIMIT = 16;

    public static RecursiveLoop of(String setting) {
        return setting != null && setting.equalsIgnoreCase("Allow") ? ALLOW : TERMINATE;
    }

    /** The setting template.yaml gives the function exporting {@code funqyExport} (Terminate when it sets none). */
    public static RecursiveLoop of(SamTemplate template, String funqyExport) {
        return of(template.recursiveLoopOf(funqyExport));
    }
}
