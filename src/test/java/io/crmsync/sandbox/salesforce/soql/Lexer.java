package io.crmsync.sandbox.salesforce.soql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits SOQL into tokens. */
final class Lexer {

    private static final Pattern DATETIME = Pattern
            .compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:?\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    private final String soql;
    private int pos;

    private Lexer(String soql) {
        this.soql = soql;
    }

    static List<Token> tokenize(String soql) {
        return new Lexer(soql).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (pos < soql.length() && Character.isWhitespace(soql.charAt(pos))) {
                pos++;
            }
            if (pos >= soql.length()) {
                tokens.add(new Token(Token.Kind.END, "", pos));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = pos;
        char c = soql.charAt(pos);
        switch (c) {
            case ',':
                pos++;
                return new Token(Token.Kind.COMMA, ",", start);
            case '(':
                pos++;
                return new Token(Token.Kind.LEFT_PAREN, "(", start);
            case ')':
                pos++;
                return new Token(Token.Kind.RIGHT_PAREN, ")", start);
            case '\'':
                return string();
            case '=':
                pos++;
                return new Token(Token.Kind.OPERATOR, "=", start);
            case '!':
                if (soql.startsWith("!=", pos)) {
                    pos += 2;
                    return new Token(Token.Kind.OPERATOR, "!=", start);
                }
                break;
            case '<':
                for (String op : new String[] { "<=", "<>" }) {
                    if (soql.startsWith(op, pos)) {
                        pos += 2;
                        return new Token(Token.Kind.OPERATOR, op.equals("<>") ? "!=" : op, start);
                    }
                }
                pos++;
                return new Token(Token.Kind.OPERATOR, "<", start);
            case '>':
                if (soql.startsWith(">=", pos)) {
                    pos += 2;
                    return new Token(Token.Kind.OPERATOR, ">=", start);
                }
                pos++;
                return new Token(Token.Kind.OPERATOR, ">", start);
            default:
                break;
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < soql.length() && (Character.isLetterOrDigit(soql.charAt(pos)) || soql.charAt(pos) == '_'
                    || soql.charAt(pos) == '.')) {
                pos++;
            }
            // LAST_N_DAYS:30 and friends: a date literal with its number is one token
            Matcher n = Pattern.compile(":\\d+").matcher(soql).region(pos, soql.length());
            if (n.lookingAt()) {
                pos = n.end();
            }
            return new Token(Token.Kind.IDENTIFIER, soql.substring(start, pos), start);
        }
        for (Object[] literal : new Object[][] { { DATETIME, Token.Kind.DATETIME }, { DATE, Token.Kind.DATE },
                { NUMBER, Token.Kind.NUMBER } }) {
            Matcher m = ((Pattern) literal[0]).matcher(soql).region(pos, soql.length());
            if (m.lookingAt()) {
                pos = m.end();
                return new Token((Token.Kind) literal[1], m.group(), start);
            }
        }
        throw SoqlException.at("MALFORMED_QUERY", soql, start, "unexpected token: '" + c + "'");
    }

    /** A single-quoted literal with SOQL's backslash escapes. */
    private Token string() {
        int start = pos++;
        StringBuilder value = new StringBuilder();
        while (pos < soql.length()) {
            char c = soql.charAt(pos++);
            if (c == '\'') {
                return new Token(Token.Kind.STRING, value.toString(), start);
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (pos >= soql.length()) {
                break;
            }
            char escaped = soql.charAt(pos++);
            switch (escaped) {
                case 'n', 'N' -> value.append('\n');
                case 'r', 'R' -> value.append('\r');
                case 't', 'T' -> value.append('\t');
                case 'b', 'B' -> value.append('\b');
                case 'f', 'F' -> value.append('\f');
                case '"', '\'', '\\' -> value.append(escaped);
                case '%', '_' -> value.append('\\').append(escaped);
                default -> throw SoqlException.at("MALFORMED_QUERY", soql, pos - 2,
                        "Invalid string literal '" + soql.substring(start, Math.min(soql.length(), pos))
                                + "'. Illegal character sequence '\\" + escaped + "' in string literal.");
            }
        }
        throw SoqlException.at("MALFORMED_QUERY", soql, start, "unexpected token: <EOF>: unterminated string literal");
    }
}
