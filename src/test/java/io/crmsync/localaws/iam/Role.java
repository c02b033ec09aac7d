package io.crmsync.localaws.iam;

import java.util.List;

/**
 * A function's execution role: its name (the logical id in template.yaml) and every statement of its identity-based
 * policies. Evaluated as IAM evaluates identity policies within one account: an explicit Deny wins, then an Allow,
 * and anything else is an implicit deny.
 */
public record Role(String name, List<PolicyStatement> statements) {

    public Role {
        statements = List.copyOf(statements);
    }

    public enum Decision {
        ALLOWED, IMPLICITLY_DENIED, EXPLICITLY_DENIED
    }

    public Decision decide(String action, String resource) {
        boolean allowed = false;
        for (PolicyStatement statement : statements) {
            if (statement.applies(action, resource)) {
                if (statement.effect() == PolicyStatement.Effect.DENY) {
                    return Decision.EXPLICITLY_DENIED;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOWED : Decision.IMPLICITLY_DENIED;
    }

    /** The statements that allow this call (for the least-privilege report: which grants were used). */
    public List<PolicyStatement> allowing(String action, String resource) {
        return statements.stream().filter(s -> s.effect() == PolicyStatement.Effect.ALLOW)
                .filter(s -> s.applies(action, resource)).toList();
    }
}
