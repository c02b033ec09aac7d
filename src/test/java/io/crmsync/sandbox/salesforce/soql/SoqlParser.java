package io.crmsync.sandbox.salesforce.soql;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import io.crmsync.sandbox.salesforce.soql.SoqlQuery.Condition;
import io.crmsync.sandbox.salesforce.soql.SoqlQuery.Field;
import io.crmsync.sandbox.salesforce.soql.SoqlQuery.Literal;

/**
 * Recursive-descent parser for the SOQL subset the sandbox runs:
 *
 * <pre>
 * query     := SELECT (COUNT '(' ')' | field (',' field)*) FROM name [WHERE condition]
 *              [ORDER BY order (',' order)*] [LIMIT n] [OFFSET n]
 * condition := NOT simple | simple (AND simple)* | simple (OR simple)*
 * simple    := '(' condition ')' | field op literal | field [NOT] IN '(' literal (',' literal)* ')'
 *              | field LIKE string
 * order     := field [ASC | DESC] [NULLS (FIRST | LAST)]
 * field     := name ('.' name)*      (relationship paths such as Account.Name)
 * literal   := string | number | date | datetime | true | false | null | TODAY | YESTERDAY | TOMORROW
 *              | LAST_N_DAYS:n | NEXT_N_DAYS:n
 * </pre>
 *
 * As in Salesforce, AND and OR cannot be mixed without parentheses, and NOT only starts a condition.
 */
public final class SoqlParser {

    private static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE",
            "ORDER", "BY", "LIMIT", "OFFSET", "ASC", "DESC", "NULLS", "GROUP", "HAVING");

    private final String soql;
    private final List<Token> tokens;
    private int index;

    private SoqlParser(String soql) {
        this.soql = soql;
        this.tokens = Lexer.tokenize(soql);
    }

    public static SoqlQuery parse(String soql) {
        return new SoqlParser(soql).query();
    }

    private SoqlQuery query() {
        expectKeyword("SELECT");
        List<Field> select = new ArrayList<>();
        boolean countOnly = false;
        if (peek().isKeyword("COUNT") && tokens.get(index + 1).kind() == Token.Kind.LEFT_PAREN) {
            index += 2;
            expect(Token.Kind.RIGHT_PAREN);
            countOnly = true;
        } else {
            do {
                select.add(name());
            } while (accept(Token.Kind.COMMA));
        }
        expectKeyword("FROM");
        Field from = name();
        Condition where = null;
        if (acceptKeyword("WHERE")) {
            where = condition();
        }
        List<SoqlQuery.Order> orderBy = new ArrayList<>();
        if (acceptKeyword("ORDER")) {
            expectKeyword("BY");
            do {
                orderBy.add(order());
            } while (accept(Token.Kind.COMMA));
        }
        OptionalInt limit = acceptKeyword("LIMIT") ? OptionalInt.of(integer()) : OptionalInt.empty();
        OptionalInt offset = acceptKeyword("OFFSET") ? OptionalInt.of(integer()) : OptionalInt.empty();
        if (peek().kind() != Token.Kind.END) {
            throw unexpected(peek());
        }
        return new SoqlQuery(select, countOnly, from, where, orderBy, limit, offset, soql);
    }

    private Condition condition() {
        if (acceptKeyword("NOT")) {
            return new SoqlQuery.Not(simple());
        }
        Condition first = simple();
        String joiner = peek().isKeyword("AND") ? "AND" : peek().isKeyword("OR") ? "OR" : null;
        if (joiner == null) {
            return first;
        }
        List<Condition> terms = new ArrayList<>(List.of(first));
        while (acceptKeyword(joiner)) {
            terms.add(simple());
        }
        if (peek().isKeyword("AND") || peek().isKeyword("OR")) {
            throw unexpected(peek()); // mixing AND and OR needs parentheses
        }
        return joiner.equals("AND") ? new SoqlQuery.And(terms) : new SoqlQuery.Or(terms);
    }

    private Condition simple() {
        if (accept(Token.Kind.LEFT_PAREN)) {
            Condition inner = condition();
            expect(Token.Kind.RIGHT_PAREN);
            return inner;
        }
        Field field = name();
        Token next = peek();
        if (next.kind() == Token.Kind.OPERATOR) {
            index++;
            return new SoqlQuery.Comparison(field, next.text(), literal());
        }
        if (acceptKeyword("LIKE")) {
            Literal pattern = literal();
            if (pattern.kind() != Token.Kind.STRING) {
                throw unexpected(tokens.get(index - 1));
            }
            return new SoqlQuery.Like(field, pattern);
        }
        boolean negated = acceptKeyword("NOT");
        if (acceptKeyword("IN")) {
            expect(Token.Kind.LEFT_PAREN);
            List<Literal> values = new ArrayList<>();
            do {
                values.add(literal());
            } while (accept(Token.Kind.COMMA));
            expect(Token.Kind.RIGHT_PAREN);
            return new SoqlQuery.In(field, values, negated);
        }
        throw unexpected(peek());
    }

    private SoqlQuery.Order order() {
        Field field = name();
        boolean ascending = true;
        if (acceptKeyword("DESC")) {
            ascending = false;
        } else {
            acceptKeyword("ASC");
        }
        boolean nullsFirst = ascending;
        if (acceptKeyword("NULLS")) {
            if (acceptKeyword("FIRST")) {
                nullsFirst = true;
            } else {
                expectKeyword("LAST");
                nullsFirst = false;
            }
        }
        return new SoqlQuery.Order(field, ascending, nullsFirst);
    }

    private Literal literal() {
        Token token = peek();
        switch (token.kind()) {
            case STRING, NUMBER, DATETIME, DATE -> {
                index++;
                return new Literal(token.kind(), token.text(), token.position());
            }
            case IDENTIFIER -> {
                Literal candidate = new Literal(token.kind(), token.text(), token.position());
                if (candidate.isNull() || candidate.isBoolean() || candidate.isRelativeDate()) {
                    index++;
                    return new Literal(token.kind(), token.text(), token.position());
                }
                throw unexpected(token);
            }
            default -> throw unexpected(token);
        }
    }

    private Field name() {
        Token token = peek();
        if (token.kind() != Token.Kind.IDENTIFIER || RESERVED.contains(token.upper())) {
            throw unexpected(token);
        }
        index++;
        return new Field(token.text(), token.position());
    }

    private int integer() {
        Token token = peek();
        if (token.kind() != Token.Kind.NUMBER || !token.text().matches("\\d+")) {
            throw unexpected(token);
        }
        index++;
        try {
            return Integer.parseInt(token.text());
        } catch (NumberFormatException e) {
            throw unexpected(token);
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private boolean accept(Token.Kind kind) {
        if (peek().kind() == kind) {
            index++;
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            index++;
            return true;
        }
        return false;
    }

    private void expect(Token.Kind kind) {
        if (!accept(kind)) {
            throw unexpected(peek());
        }
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw unexpected(peek());
        }
    }

    private SoqlException unexpected(Token token) {
        return SoqlException.at("MALFORMED_QUERY", soql, token.position(), "unexpected token: " + token.describe());
    }
}
