package dev.javabgp.calico.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Calico label selector: {@code all()}, {@code k == 'v'}, {@code k != 'v'}, {@code has(k)},
 * {@code k in {'a', 'b'}}, {@code k not in {...}}, {@code k contains 'v'}, {@code k starts with 'v'},
 * {@code k ends with 'v'}, joined with {@code &&}, {@code ||}, {@code !} and parentheses.
 * Selectors are immutable values compared by their text.
 */
public final class Selector {

    /** Selects everything, as {@code all()} or an empty selector does. */
    public static final Selector ALL = new Selector("all()", labels -> true);

    private final String text;
    private final Expression expression;

    private Selector(String text, Expression expression) {
        this.text = text;
        this.expression = expression;
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException saying where the text stops being a selector and what was expected
     */
    public static Selector parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return ALL;
        }
        Parser p = new Parser(text);
        Expression e = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("&&, || or the end");
        }
        return new Selector(text.strip(), e);
    }

    /** True if a resource with these labels is selected. */
    public boolean matches(Map<String, String> labels) {
        return expression.test(labels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selector s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    @FunctionalInterface
    private interface Expression {
        boolean test(Map<String, String> labels);
    }

    /** Recursive descent over the grammar: or := and ('||' and)*; and := unary ('&&' unary)*. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Expression or() {
            List<Expression> terms = new ArrayList<>(List.of(and()));
            while (eat("||")) {
                terms.add(and());
            }
            return terms.size() == 1 ? terms.get(0) : labels -> terms.stream().anyMatch(t -> t.test(labels));
        }

        Expression and() {
            List<Expression> terms = new ArrayList<>(List.of(unary()));
            while (eat("&&")) {
                terms.add(unary());
            }
            return terms.size() == 1 ? terms.get(0) : labels -> terms.stream().allMatch(t -> t.test(labels));
        }

        Expression unary() {
            if (eat("!")) {
                Expression inner = unary();
                return labels -> !inner.test(labels);
            }
            if (eat("(")) {
                Expression inner = or();
                expect(")");
                return inner;
            }
            if (eat("all()")) {
                return labels -> true;
            }
            if (eat("global()")) {
                return labels -> true;
            }
            if (eatWord("has")) {
                expect("(");
                String key = label();
                expect(")");
                return labels -> labels.containsKey(key);
            }
            String key = label();
            if (eat("==")) {
                String v = string();
                return labels -> v.equals(labels.get(key));
            }
            if (eat("!=")) {
                String v = string();
                return labels -> !v.equals(labels.get(key));
            }
            if (eatWord("not")) {
                if (!eatWord("in")) {
                    throw error("'in' after 'not'");
                }
                Set<String> values = set();
                return labels -> !values.contains(labels.get(key));
            }
            if (eatWord("in")) {
                Set<String> values = set();
                return labels -> values.contains(labels.get(key));
            }
            if (eatWord("contains")) {
                String v = string();
                return labels -> labels.containsKey(key) && labels.get(key).contains(v);
            }
            if (eatWord("starts")) {
                expectWord("with");
                String v = string();
                return labels -> labels.containsKey(key) && labels.get(key).startsWith(v);
            }
            if (eatWord("ends")) {
                expectWord("with");
                String v = string();
                return labels -> labels.containsKey(key) && labels.get(key).endsWith(v);
            }
            throw error("==, !=, in, not in, contains, starts with or ends with after the label '" + key + "'");
        }

        Set<String> set() {
            expect("{");
            List<String> values = new ArrayList<>();
            skipSpace();
            if (!eat("}")) {
                do {
                    values.add(string());
                } while (eat(","));
                expect("}");
            }
            return Set.copyOf(values);
        }

        String label() {
            skipSpace();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "-_./".indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw error("a label name, has(...), all() or '('");
            }
            return s.substring(start, pos);
        }

        String string() {
            skipSpace();
            if (pos >= s.length() || (s.charAt(pos) != '\'' && s.charAt(pos) != '"')) {
                throw error("a quoted value such as 'rack1'");
            }
            char quote = s.charAt(pos);
            int end = s.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("the closing " + quote);
            }
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        boolean eat(String token) {
            skipSpace();
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        boolean eatWord(String word) {
            skipSpace();
            int end = pos + word.length();
            if (s.startsWith(word, pos) && (end >= s.length() || !Character.isLetterOrDigit(s.charAt(end)))) {
                pos = end;
                return true;
            }
            return false;
        }

        void expect(String token) {
            if (!eat(token)) {
                throw error("'" + token + "'");
            }
        }

        void expectWord(String word) {
            if (!eatWord(word)) {
                throw error("'" + word + "'");
            }
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("'" + s + "' is not a selector: at character " + (pos + 1) + " expected " + expected);
        }
    }
}
