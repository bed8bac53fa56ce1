package dev.webhooks.core.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;
import com.dashjoin.jsonata.Utils;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Replacements for the library's built-in functions that do unbounded work inside one call, where the evaluator's
 * per-node checks ({@link EvaluationBounds}) cannot reach them. Bound in each evaluation's frame, they shadow the
 * library's functions of the same name.
 *
 * <ul>
 * <li><b>Regular expressions</b> ({@code $match}, {@code $contains}, {@code $split}, {@code $replace}) run on RE2/J,
 * whose matching time is linear in the input: no pattern backtracks without end. {@link ExpressionSandbox} has already
 * turned every regex literal into an RE2/J pattern. As in JSONata's reference implementation, a pattern that matches
 * the empty string is an error (D1004). A string pattern is plain text everywhere (the library took {@code $replace}'s
 * with a limit as a Java regex).</li>
 * <li><b>Text that can outgrow its input</b> ({@code $pad}, {@code $join}, {@code $replace}) is measured before it is
 * made.</li>
 * <li><b>{@code $eval}</b> runs text as an expression, past every check made when the expression was saved: refused.
 * <b>{@code $toMillis} with a picture</b> matches the timestamp against a Java regex built from the picture, which can
 * backtrack for ever: refused; ISO 8601 timestamps still parse.</li>
 * </ul>
 */
final class BoundedBuiltins {

    static final String EVAL_REFUSED = "$eval is not allowed: it runs text as an expression";
    static final String TO_MILLIS_PICTURE_REFUSED =
            "$toMillis with a picture is not supported: give an ISO 8601 timestamp";

    private static final Map<String, JFunction> FUNCTIONS = Map.of(
            "pad", new JFunction((input, args) -> pad((String) args.get(0), (Number) arg(args, 1),
                    (String) arg(args, 2)), "<s-ns?:s>"),
            "join", new JFunction((input, args) -> join(args.get(0), (String) arg(args, 1)), "<a<s>s?:s>"),
            "match", new JFunction((input, args) -> match((String) args.get(0), pattern(arg(args, 1), "$match"),
                    (Number) arg(args, 2)), "<s-xn?:a<o>>"),
            "contains", new JFunction((input, args) -> contains((String) args.get(0), arg(args, 1)), "<s-x:b>"),
            "split", new JFunction((input, args) -> split((String) args.get(0), arg(args, 1), (Number) arg(args, 2)),
                    "<s-xn?:a<s>>"),
            "replace", new JFunction((input, args) -> replace((String) args.get(0), arg(args, 1), arg(args, 2),
                    (Number) arg(args, 3)), "<s-xxn?:s>"),
            "toMillis", new JFunction((input, args) -> toMillis((String) args.get(0), (String) arg(args, 1)),
                    "<s-s?:n>"),
            "eval", new JFunction((input, args) -> {
                throw new JException(EVAL_REFUSED, -1);
            }, "<sx?:x>"));

    private BoundedBuiltins() {
    }

    /** Shadows the library's unbounded built-ins in {@code frame}. */
    static void bindInto(Jsonata.Frame frame) {
        FUNCTIONS.forEach(frame::bind);
    }

    private static Object arg(List<?> args, int index) {
        return args.size() > index ? args.get(index) : null;
    }

    static String pad(String text, Number width, String padding) {
        if (text == null) {
            return null;
        }
        long target = Math.abs(width.longValue());
        EvaluationBounds.requireTextWithinBounds(target, "$pad");
        int[] fill = (padding == null || padding.isEmpty() ? " " : padding).codePoints().toArray();
        long missing = target - text.codePointCount(0, text.length());
        if (missing <= 0) {
            return text;
        }
        StringBuilder pad = new StringBuilder();
        for (int i = 0; i < missing; i++) {
            pad.appendCodePoint(fill[i % fill.length]);
        }
        return width.longValue() < 0 ? pad.append(text).toString() : text + pad;
    }

    static String join(Object strings, String separator) {
        if (strings == null) {
            return null;
        }
        List<?> items = strings instanceof List<?> list ? list : List.of(strings);
        String between = separator == null ? "" : separator;
        long length = (long) Math.max(0, items.size() - 1) * between.length();
        for (Object item : items) {
            length += String.valueOf(item).length();
        }
        EvaluationBounds.requireTextWithinBounds(length, "$join");
        List<String> texts = new ArrayList<>(items.size());
        items.forEach(item -> texts.add((String) item));
        return String.join(between, texts);
    }

    static List<Object> match(String text, Pattern pattern, Number limit) {
        if (text == null) {
            return null;
        }
        long max = limit == null ? Long.MAX_VALUE : nonNegative(limit, "D3040");
        List<Object> matches = Utils.createSequence();
        Matcher matcher = pattern.matcher(text);
        while (matches.size() < max && find(matcher)) {
            matches.add(matchObject(matcher, false));
        }
        return matches;
    }

    static Boolean contains(String text, Object token) {
        if (text == null) {
            return null;
        }
        if (token instanceof String literal) {
            return text.contains(literal);
        }
        return find(pattern(token, "$contains").matcher(text));
    }

    static List<String> split(String text, Object separator, Number limit) {
        if (text == null) {
            return null;
        }
        long max = limit == null ? Long.MAX_VALUE : nonNegative(limit, "D3020");
        List<String> parts = new ArrayList<>();
        if (separator instanceof String literal && literal.isEmpty()) {
            text.codePoints().limit(max).forEach(codePoint -> parts.add(Character.toString(codePoint)));
            return parts;
        }
        int from = 0;
        if (separator instanceof String literal) {
            for (int at = text.indexOf(literal); at >= 0 && parts.size() < max; at = text.indexOf(literal, from)) {
                parts.add(text.substring(from, at));
                from = at + literal.length();
            }
        } else {
            Matcher matcher = pattern(separator, "$split").matcher(text);
            while (parts.size() < max && find(matcher)) {
                parts.add(text.substring(from, matcher.start()));
                from = matcher.end();
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
            String with = replacement instanceof String given ? given : required(replacement);
            for (int at = text.indexOf(literal); at >= 0 && replaced < max; at = text.indexOf(literal, from)) {
                append(result, text, from, at, with);
                from = at + literal.length();
                replaced++;
            }
        } else {
            Matcher matcher = pattern(pattern, "$replace").matcher(text);
            while (replaced < max && find(matcher)) {
                append(result, text, from, matcher.start(), substitute(matcher, replacement));
                from = matcher.end();
                replaced++;
            }
        }
        EvaluationBounds.requireTextWithinBounds(result.length() + (long) text.length() - from, "$replace");
        return result.append(text, from, text.length()).toString();
    }

    static Long toMillis(String timestamp, String picture) throws Exception {
        if (picture != null) {
            throw new JException(TO_MILLIS_PICTURE_REFUSED, -1);
        }
        return Functions.dateTimeToMillis(timestamp, null);
    }

    private static String required(Object replacement) {
        throw new JException("D3012", -1, replacement);
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
                while (end > i + 2 && Integer.parseInt(template.substring(i + 1, end)) > groups) {
                    end--;
                }
                int group = Integer.parseInt(template.substring(i + 1, end));
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

    private static boolean find(Matcher matcher) {
        if (!matcher.find()) {
            return false;
        }
        if (matcher.end() == matcher.start()) {
            throw new JException("D1004", -1);
        }
        return true;
    }

    private static Pattern pattern(Object token, String function) {
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
}
