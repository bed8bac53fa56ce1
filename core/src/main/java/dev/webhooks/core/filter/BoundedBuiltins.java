package dev.webhooks.core.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;
import com.dashjoin.jsonata.Jsonata.JFunctionCallable;
import com.dashjoin.jsonata.Utils;

/**
 * The built-in functions an expression may call: an allowlist, bound in each compiled expression's environment over
 * the library's own. Every one runs through {@link #guarded}: the evaluation's bounds are checked before the call (time, interrupt,
 * memory) and on its result (size). That holds also when a built-in is passed as a value ({@code $reduce(xs,
 * $append)}), where the evaluator's per-node checks never run.
 *
 * <p>Inside one call a built-in runs unchecked, so each is either linear in arguments the size bound already limits,
 * or checked here before it runs, or replaced:
 * <ul>
 * <li><b>Replaced.</b> The regular-expression functions ({@code $match}, {@code $contains}, {@code $split},
 * {@code $replace}: {@link RegexFunctions}, on RE2/J, with string patterns found by {@link LiteralSearch}, as in
 * {@code $substringBefore} and {@code $substringAfter}), {@code $pad} and {@code $join} (they measure their output
 * first), {@code $spread} (the library's is quadratic), {@code $distinct} (the library's degrades to quadratic on
 * colliding hash codes), and {@code $toMillis} (a picture is refused: the library
 * matches it as a backtracking regex).</li>
 * <li><b>Checked first.</b> {@code $string} and {@code $zip} (their output is measured before it is made),
 * {@code $round} (its precision), the picture functions ({@code $formatNumber}, {@code $formatInteger},
 * {@code $fromMillis}, {@code $now}, {@code $parseInteger}: a picture of at most {@value #MAX_PICTURE} characters
 * and no width above {@value #MAX_PICTURE_WIDTH}; the library pads widths quadratically).</li>
 * <li><b>Left out.</b> {@code $eval}: it runs text as an expression, past every check made when the expression was
 * saved. {@link ExpressionSandbox} refuses any expression that names a function not listed here.</li>
 * </ul>
 */
final class BoundedBuiltins {

    static final String EVAL_REFUSED = "$eval is not allowed: it runs text as an expression";
    static final String TO_MILLIS_PICTURE_REFUSED =
            "$toMillis with a picture is not supported: give an ISO 8601 timestamp";
    static final int MAX_PICTURE = 100;
    static final int MAX_PICTURE_WIDTH = 64;
    static final int MAX_ROUNDING_PRECISION = 100;
    static final int MAX_URL = 8192;

    /** The library's functions that no expression may use (a test holds every library function to one list). */
    static final java.util.Set<String> REFUSED = java.util.Set.of("eval");

    /** Every allowed function: its JSONata signature (as the library declares it) and what runs. */
    private static final Map<String, JFunction> FUNCTIONS = new LinkedHashMap<>();

    static {
        // Library functions that are linear in their (size-bounded) arguments, or call back into the evaluator.
        String[][] linear = {
            {"sum", "<a<n>:n>"}, {"count", "<a:n>"}, {"max", "<a<n>:n>"}, {"min", "<a<n>:n>"},
            {"average", "<a<n>:n>"}, {"substring", "<s-nn?:s>"}, {"lowercase", "<s-:s>"}, {"uppercase", "<s-:s>"}, {"length", "<s-:n>"},
            {"trim", "<s-:s>"}, {"formatBase", "<n-n?:s>"}, {"number", "<(nsb)-:n>"}, {"floor", "<n-:n>"},
            {"ceil", "<n-:n>"}, {"abs", "<n-:n>"}, {"sqrt", "<n-:n>"}, {"power", "<n-n:n>"}, {"random", "<:n>"},
            {"boolean", "<x-:b>"}, {"not", "<x-:b>"}, {"map", "<af>"}, {"filter", "<af>"}, {"single", "<af?>"},
            {"reduce", "<afj?:j>"}, {"sift", "<o-f?:o>"}, {"keys", "<x-:a<s>>"}, {"lookup", "<x-s:x>"},
            {"append", "<xx:a>"}, {"exists", "<x:b>"}, {"merge", "<a<o>:o>"}, {"reverse", "<a:a>"},
            {"each", "<o-f:a>"}, {"error", "<s?:x>"}, {"assert", "<bs?:x>"}, {"type", "<x:s>"}, {"sort", "<af?:a>"},
            {"shuffle", "<a:a>"}, {"base64encode", "<s-:s>"}, {"base64decode", "<s-:s>"},
            {"encodeUrlComponent", "<s-:s>"}, {"decodeUrlComponent", "<s-:s>"},
            {"decodeUrl", "<s-:s>"}, {"clone", "<(oa)-:o>"}, {"millis", "<:n>"}};
        for (String[] function : linear) {
            library(function[0], function[1]);
        }
        library("string", "<x-b?:s>", args -> requireText(TextSize.of(args.get(0), Boolean.TRUE.equals(arg(args, 1))),
                "$string"));
        library("zip", "<a+>", BoundedBuiltins::checkZip);
        library("round", "<n-n?:n>", args -> {
            if (arg(args, 1) instanceof Number precision
                    && Math.abs(precision.doubleValue()) > MAX_ROUNDING_PRECISION) {
                throw new EvaluationBounds.LimitExceeded("rounds to more than " + MAX_ROUNDING_PRECISION + " digits");
            }
        });
        library("formatNumber", "<n-so?:s>", args -> checkPicture(arg(args, 1), "$formatNumber"));
        library("formatInteger", "<n-s:s>", args -> checkPicture(arg(args, 1), "$formatInteger"));
        library("parseInteger", "<s-s:n>", args -> {
            checkPicture(arg(args, 1), "$parseInteger");
            if (arg(args, 0) instanceof String value && value.length() > MAX_PICTURE) {
                throw new EvaluationBounds.LimitExceeded("parses an integer of more than " + MAX_PICTURE
                        + " characters");
            }
        });
        library("fromMillis", "<n-s?s?:s>", args -> checkPicture(arg(args, 1), "$fromMillis"));
        library("encodeUrl", "<s-:s>", args -> {
            // The library finds the query part with a naive search of the whole URL.
            if (arg(args, 0) instanceof String url && url.length() > MAX_URL) {
                throw new EvaluationBounds.LimitExceeded("encodes a URL of more than " + MAX_URL + " characters");
            }
        });
        library("now", "<s?s?:s>", args -> checkPicture(arg(args, 0), "$now"));

        own("pad", "<s-ns?:s>", args -> pad((String) args.get(0), (Number) arg(args, 1), (String) arg(args, 2)));
        own("join", "<a<s>s?:s>", args -> join(args.get(0), (String) arg(args, 1)));
        own("spread", "<x-:a<o>>", args -> spread(args.get(0)));
        own("distinct", "<x:x>", args -> distinct(args.get(0)));
        own("substringBefore", "<s-s:s>", args -> substringBefore((String) args.get(0), (String) arg(args, 1)));
        own("substringAfter", "<s-s:s>", args -> substringAfter((String) args.get(0), (String) arg(args, 1)));
        own("toMillis", "<s-s?:n>", args -> toMillis((String) args.get(0), (String) arg(args, 1)));
        own("match", "<s-xn?:a<o>>", args -> RegexFunctions.match((String) args.get(0), arg(args, 1),
                (Number) arg(args, 2)));
        own("contains", "<s-x:b>", args -> RegexFunctions.contains((String) args.get(0), arg(args, 1)));
        own("split", "<s-xn?:a<s>>", args -> RegexFunctions.split((String) args.get(0), arg(args, 1),
                (Number) arg(args, 2)));
        own("replace", "<s-xxn?:s>", args -> RegexFunctions.replace((String) args.get(0), arg(args, 1),
                arg(args, 2), (Number) arg(args, 3)));
    }

    private BoundedBuiltins() {
    }

    /** Whether an expression may name {@code $name} as a function of the library (else it is one of its own). */
    static boolean isAllowed(String name) {
        return FUNCTIONS.containsKey(name);
    }

    /** Whether {@code $name} is one of the library's functions that no expression may use. */
    static boolean isRefused(String name) {
        return REFUSED.contains(name);
    }

    /** The library's own function {@code $name}, as an expression naming it would get it. */
    private static JFunction libraryFunction(String name) {
        return Jsonata.jsonata("$" + name).evaluate(null) instanceof JFunction function ? function : null;
    }

    /**
     * Binds the allowed functions into the expression's own environment, over the library's: once, when it is
     * compiled, so that no evaluation pays for it (each evaluation's frame is a child of that environment).
     */
    static void bindInto(Jsonata expression) {
        FUNCTIONS.forEach(expression::registerFunction);
    }

    private interface Check {
        void before(List<?> args);
    }

    private interface Body {
        Object call(List<?> args) throws Throwable;
    }

    private static void library(String name, String signature) {
        library(name, signature, args -> {
        });
    }

    /** The library's own function, with a check of its arguments first. */
    private static void library(String name, String signature, Check check) {
        JFunction original = libraryFunction(name);
        if (original == null) {
            throw new IllegalStateException("the JSONata library has no function $" + name);
        }
        FUNCTIONS.put(name, new JFunction(guarded((input, args) -> {
            check.before(args);
            return original.call(input, args);
        }), signature));
    }

    /** A replacement of ours. */
    private static void own(String name, String signature, Body body) {
        FUNCTIONS.put(name, new JFunction(guarded((input, args) -> body.call(args)), signature));
    }

    /** The evaluation's bounds around one call: time, interrupt and memory before, the result's size after. */
    private static JFunctionCallable guarded(JFunctionCallable call) {
        return (input, args) -> {
            EvaluationBounds bounds = EvaluationBounds.current();
            if (bounds != null) {
                bounds.checkpoint();
            }
            Object result = call.call(input, args);
            if (bounds != null) {
                bounds.checkResult(result);
            }
            return result;
        };
    }

    private static Object arg(List<?> args, int index) {
        return args.size() > index ? args.get(index) : null;
    }

    private static void requireText(long length, String function) {
        EvaluationBounds.requireTextWithinBounds(length, function);
    }

    private static void checkZip(List<?> args) {
        long shortest = Long.MAX_VALUE;
        for (Object array : args) {
            shortest = Math.min(shortest, array instanceof Collection<?> items ? items.size() : 0);
        }
        if (!args.isEmpty() && shortest * args.size() > EvaluationBounds.MAX_WEIGHT) {
            throw new EvaluationBounds.LimitExceeded("$zip would make " + shortest * args.size()
                    + " items, more than " + EvaluationBounds.MAX_WEIGHT);
        }
    }

    /** A picture: short, and no number in it (a width) large enough to make the library pad for long. */
    static void checkPicture(Object picture, String function) {
        if (!(picture instanceof String text)) {
            return;
        }
        if (text.length() > MAX_PICTURE) {
            throw new EvaluationBounds.LimitExceeded("gives " + function + " a picture of more than " + MAX_PICTURE
                    + " characters");
        }
        Matcher numbers = java.util.regex.Pattern.compile("\\d+").matcher(text);
        while (numbers.find()) {
            String digits = numbers.group().replaceFirst("^0+(?=\\d)", "");
            if (digits.length() > 2 || Integer.parseInt(digits) > MAX_PICTURE_WIDTH) {
                throw new EvaluationBounds.LimitExceeded("gives " + function + " a width above "
                        + MAX_PICTURE_WIDTH);
            }
        }
    }

    static String pad(String text, Number width, String padding) {
        if (text == null) {
            return null;
        }
        long target = Math.abs(width.longValue());
        int[] fill = (padding == null || padding.isEmpty() ? " " : padding).codePoints().toArray();
        long missing = target - text.codePointCount(0, text.length());
        if (missing <= 0) {
            return text;
        }
        requireText(target, "$pad");
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
        requireText(length, "$join");
        List<String> texts = new ArrayList<>(items.size());
        items.forEach(item -> texts.add((String) item));
        return String.join(between, texts);
    }

    /** As the library's, in linear time: arrays flattened, each object split into one-field objects. */
    static Object spread(Object value) {
        if (value instanceof List<?> items) {
            List<Object> spread = Utils.createSequence();
            for (Object item : items) {
                Object part = spread(item);
                if (part instanceof List<?> parts) {
                    spread.addAll(parts);
                } else if (part != null) {
                    spread.add(part);
                }
            }
            return spread;
        }
        if (value instanceof Map<?, ?> fields) {
            List<Object> spread = Utils.createSequence();
            fields.forEach((key, field) -> {
                Map<Object, Object> single = new LinkedHashMap<>();
                single.put(key, field);
                spread.add(single);
            });
            return spread;
        }
        return value;
    }

    static String substringBefore(String text, String separator) {
        if (text == null || separator == null) {
            return text;
        }
        int at = LiteralSearch.indexOf(text, separator);
        return at < 0 ? text : text.substring(0, at);
    }

    static String substringAfter(String text, String separator) {
        if (text == null) {
            return null;
        }
        int at = LiteralSearch.indexOf(text, separator);
        return at < 0 ? text : text.substring(at + separator.length());
    }

    /**
     * As the library's (first occurrences kept, in order; values equal as Java compares them), but keyed by each
     * value's JSON text: lists whose hash codes collide would make the library's hash set quadratic, while strings
     * that collide are kept in a balanced tree by the hash map. The text is bounded by the size bound on the input.
     */
    static Object distinct(Object value) {
        if (!(value instanceof List<?> items) || items.size() <= 1) {
            return value;
        }
        List<Object> distinct = items instanceof Utils.JList<?> ? Utils.createSequence() : new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        EvaluationBounds bounds = EvaluationBounds.current();
        for (Object item : items) {
            if (bounds != null) {
                bounds.checkpoint();
            }
            if (seen.add(Canonical.of(item))) {
                distinct.add(item);
            }
        }
        return distinct;
    }

    static Long toMillis(String timestamp, String picture) throws Exception {
        if (picture != null) {
            throw new JException(TO_MILLIS_PICTURE_REFUSED, -1);
        }
        return Functions.dateTimeToMillis(timestamp, null);
    }

    /** An upper bound of the length of a value's JSON text, as {@code $string} writes it (pretty or not). */
    static final class TextSize {

        private long total;
        private final boolean pretty;

        private TextSize(boolean pretty) {
            this.pretty = pretty;
        }

        static long of(Object value, boolean pretty) {
            TextSize size = new TextSize(pretty);
            size.add(value, 0);
            return size.total;
        }

        private void add(Object value, int depth) {
            if (total > EvaluationBounds.MAX_WEIGHT) {
                return;
            }
            if (value instanceof String text) {
                // Escapes may double a character; a control character becomes six.
                total += 2 + 2L * text.length();
            } else if (value instanceof Collection<?> items) {
                total += 2 + indent(depth);
                for (Object item : items) {
                    total += 1 + indent(depth + 1);
                    add(item, depth + 1);
                }
            } else if (value instanceof Map<?, ?> fields) {
                total += 2 + indent(depth);
                for (Map.Entry<?, ?> field : fields.entrySet()) {
                    total += 4 + indent(depth + 1) + 2L * String.valueOf(field.getKey()).length();
                    add(field.getValue(), depth + 1);
                }
            } else {
                total += 25;
            }
        }

        private long indent(int depth) {
            return pretty ? 1 + 2L * depth : 0;
        }
    }
}
