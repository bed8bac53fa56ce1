package dev.webhooks.core.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Utils;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * {@code $match}, {@code $contains}, {@code $split} and {@code $replace} on RE2/J, whose matching time is linear in
 * the text times the pattern's size (a string pattern is found by {@link LiteralSearch}, linear too) ({@link ExpressionSandbox} admits only regex literals it has compiled, of bounded
 * size). The text is read through {@link CheckedText}, so even a long match obeys the evaluation's time bound and
 * interrupt; the loops over matches check the bounds at every match.
 *
 * <p>Semantics follow JSONata's reference implementation: a string pattern is plain text; matching stops after a
 * match that reaches the end of the text; the first match may be empty, but a further empty match is an error
 * (D1004), as it would never advance; {@code $replace}'s replacement
 * reads {@code $$} as a dollar sign and {@code $n} as group n (the longest run of digits naming an existing group).
 */
final class RegexFunctions {

    private RegexFunctions() {
    }

    static List<Object> match(String text, Object pattern, Number limit) {
        if (text == null) {
            return null;
        }
        long max = limit == null ? Long.MAX_VALUE : nonNegative(limit, "D3040");
        List<Object> matches = Utils.createSequence();
        Matches found = new Matches(regex(pattern, "$match"), text);
        long weight = 0;
        while (matches.size() < max && found.next()) {
            Map<String, Object> match = matchObject(found.matcher, false);
            weight += 8 + found.matcher.group().length();
            EvaluationBounds.requireWithinBounds(weight, "$match");
            matches.add(match);
        }
        return matches;
    }

    static Boolean contains(String text, Object token) {
        if (text == null) {
            return null;
        }
        if (token instanceof String literal) {
            return LiteralSearch.indexOf(text, literal) >= 0;
        }
        return new Matches(regex(token, "$contains"), text).next();
    }

    static List<String> split(String text, Object separator, Number limit) {
        if (text == null) {
            return null;
        }
        long max = limit == null ? Long.MAX_VALUE : nonNegative(limit, "D3020");
        List<String> parts = new ArrayList<>();
        if (separator instanceof String literal && literal.isEmpty()) {
            // By UTF-16 unit, as the reference implementation (JavaScript) splits.
            for (int i = 0; i < text.length() && parts.size() < max; i++) {
                parts.add(String.valueOf(text.charAt(i)));
            }
            return parts;
        }
        int from = 0;
        if (separator instanceof String literal) {
            LiteralSearch search = new LiteralSearch(literal);
            for (int at = search.indexIn(text, 0); at >= 0 && parts.size() < max; at = search.indexIn(text, from)) {
                parts.add(text.substring(from, at));
                from = at + literal.length();
            }
        } else {
            Matches found = new Matches(regex(separator, "$split"), text);
            while (parts.size() < max && found.next()) {
                parts.add(text.substring(from, found.matcher.start()));
                from = found.matcher.end();
            }
        }
        if (parts.size() < max) {
            parts.add(text.substring(from));
        }
        return parts;
    }

    static String replace(String text, Object pattern, Object replacement, Number limit) {
        if (text == null) {
            return null;
        }
        if (pattern instanceof String literal && literal.isEmpty()) {
            throw new JException("D3010", -1);
        }
        long max = limit == null ? Long.MAX_VALUE : nonNegative(limit, "D3011");
        StringBuilder result = new StringBuilder();
        int from = 0;
        long replaced = 0;
        if (pattern instanceof String literal) {
            if (!(replacement instanceof String with)) {
                throw new JException("D3012", -1, replacement);
            }
            LiteralSearch search = new LiteralSearch(literal);
            for (int at = search.indexIn(text, 0); at >= 0 && replaced < max; at = search.indexIn(text, from)) {
                append(result, text, from, at, with);
                from = at + literal.length();
                replaced++;
            }
        } else {
            Matches found = new Matches(regex(pattern, "$replace"), text);
            while (replaced < max && found.next()) {
                append(result, text, from, found.matcher.start(), substitute(found.matcher, replacement));
                from = found.matcher.end();
                replaced++;
            }
        }
        EvaluationBounds.requireTextWithinBounds(result.length() + (long) text.length() - from, "$replace");
        return result.append(text, from, text.length()).toString();
    }

    private static void append(StringBuilder result, String text, int from, int to, String replacement) {
        EvaluationBounds.requireTextWithinBounds(result.length() + (long) (to - from) + replacement.length(),
                "$replace");
        result.append(text, from, to).append(replacement);
    }

    /** The text for one match: a function's result, or the replacement string with its $n groups filled in. */
    private static String substitute(Matcher matcher, Object replacement) {
        if (replacement instanceof String template) {
            return expand(template, matcher);
        }
        Object result;
        try {
            result = Functions.funcApply(replacement, List.of(matchObject(matcher, true)));
        } catch (RuntimeException | Error failure) {
            throw failure;
        } catch (Throwable failure) {
            throw new JException(failure, "D3012", -1, null, null);
        }
        if (result instanceof String text) {
            return text;
        }
        throw new JException("D3012", -1, result);
    }

    /**
     * JSONata's replacement syntax: {@code $$} is a dollar sign; {@code $n} is group n, taking the longest run of
     * digits that names an existing group (so {@code $10} with two groups is group 1 then "0"); a group that took no
     * part is empty; any other {@code $} is itself.
     */
    static String expand(String template, Matcher matcher) {
        StringBuilder out = new StringBuilder();
        int groups = matcher.groupCount();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
            } else if (template.charAt(i + 1) == '$') {
                out.append('$');
                i++;
            } else if (Character.isDigit(template.charAt(i + 1))) {
                int end = i + 1;
                while (end < template.length() && Character.isDigit(template.charAt(end))) {
                    end++;
                }
                while (end > i + 2 && groupNumber(template, i + 1, end) > groups) {
                    end--;
                }
                int group = groupNumber(template, i + 1, end);
                if (group <= groups && matcher.group(group) != null) {
                    out.append(matcher.group(group));
                }
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The digits from..to as a number, or a number larger than any group count when they are too many. */
    private static int groupNumber(String template, int from, int to) {
        String digits = template.substring(from, to).replaceFirst("^0+(?=\\d)", "");
        return digits.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    private static Map<String, Object> matchObject(Matcher matcher, boolean forReplacement) {
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("match", matcher.group());
        match.put("index", matcher.start());
        List<String> groups = new ArrayList<>();
        for (int group = 1; group <= matcher.groupCount(); group++) {
            groups.add(matcher.group(group) == null && forReplacement ? "" : matcher.group(group));
        }
        match.put("groups", groups);
        return match;
    }

    private static Pattern regex(Object token, String function) {
        if (token instanceof Pattern pattern) {
            return pattern;
        }
        throw new JException(function + " needs a regular expression written as /pattern/ (or a string where it"
                + " allows one)", -1);
    }

    private static long nonNegative(Number limit, String error) {
        if (limit.doubleValue() < 0) {
            throw new JException(error, -1, limit);
        }
        return limit.longValue();
    }

    /** Successive matches, with the bounds checked at each, and the reference's rule on empty matches. */
    private static final class Matches {

        final Matcher matcher;
        private final int length;
        private boolean first = true;
        private boolean lastEmpty;
        private int lastEnd;

        Matches(Pattern pattern, String text) {
            this.matcher = pattern.matcher(new CheckedText(text));
            this.length = text.length();
        }

        /**
         * The next match, as the reference's matcher gives them: none after a match that reached the end of the text;
         * an error where the next match would be empty (again), since it would never advance.
         */
        boolean next() {
            EvaluationBounds current = EvaluationBounds.current();
            if (current != null) {
                current.checkpoint();
            }
            if (!first && lastEnd >= length) {
                return false;
            }
            if (!first && lastEmpty) {
                throw new JException("D1004", -1);
            }
            if (!matcher.find()) {
                return false;
            }
            boolean empty = matcher.start() == matcher.end();
            if (!first && empty) {
                throw new JException("D1004", -1);
            }
            first = false;
            lastEmpty = empty;
            lastEnd = matcher.end();
            return true;
        }
    }

    /**
     * Text that checks the evaluation's bounds every few thousand characters read: RE2/J reads its input one character
     * at a time and never looks at the clock or the interrupt itself.
     */
    static final class CheckedText implements CharSequence {

        private static final int CHECK_EVERY = 4096;

        private final String text;
        private final EvaluationBounds bounds;
        private int reads;

        CheckedText(String text) {
            this.text = text;
            this.bounds = EvaluationBounds.current();
        }

        @Override
        public char charAt(int index) {
            if (bounds != null && ++reads % CHECK_EVERY == 0) {
                bounds.checkpoint();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
