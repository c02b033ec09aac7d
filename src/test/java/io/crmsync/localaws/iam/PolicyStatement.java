package io.crmsync.localaws.iam;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One statement of an identity-based IAM policy, as template.yaml writes it: an effect, actions (or NotAction) and
 * resources (or NotResource). Conditions are not modelled: {@link TemplateRoles} refuses a statement that has one,
 * so the local check can never be more lenient than AWS by ignoring it.
 *
 * @param source where the statement comes from (role, policy name, index), for messages and the least-privilege report
 */
public record PolicyStatement(String source, Effect effect, List<String> actions, boolean notAction,
        List<String> resources, boolean notResource) {

    public enum Effect {
        ALLOW, DENY
    }

    public PolicyStatement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
    }

    /** Whether this statement applies to the action on the resource (IAM's matching: see {@link #wildcard}). */
    public boolean applies(String action, String resource) {
        boolean actionMatches = actions.stream().anyMatch(a -> matchesAction(a, action));
        boolean resourceMatches = resources.stream().anyMatch(r -> matchesResource(r, resource));
        return (notAction != actionMatches) && (notResource != resourceMatches);
    }

    /** Actions are compared without regard to case ("sqs:sendmessage" is sqs:SendMessage), wildcards allowed. */
    static boolean matchesAction(String pattern, String action) {
        return wildcard(pattern.toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches();
    }

    /** Resource ARNs are compared case-sensitively; {@code *} matches any run of characters, {@code ?} one. */
    static boolean matchesResource(String pattern, String resource) {
        return wildcard(pattern).matcher(resource).matches();
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
