package io.crmsync.sandbox.salesforce.soql;

import java.util.Locale;

/**
 * One lexical token. {@code text} is the source text, except for strings, where it is the unescaped value
 * ({@code \%} and {@code \_} keep their backslash so LIKE can tell them from wildcards).
 */
public record Token(Kind kind, String text, int position) {

    public enum Kind {
        IDENTIFIER, STRING, NUMBER, DATETIME, DATE, COMMA, LEFT_PAREN, RIGHT_PAREN, OPERATOR, END
    }

    /** Keywords are identifiers compared without case, as SOQL does. */
    public boolean isKeyword(String keyword) {
        return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    public String upper() {
        return text.toUpperCase(Locale.ROOT);
    }

    /** How the token reads in "unexpected token: …". */
    public String describe() {
        return kind == Kind.END ? "<EOF>" : kind == Kind.STRING ? "'" + text + "'" : text;
    }
}
