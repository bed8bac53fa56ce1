package dev.webhooks.core.filter;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.dashjoin.jsonata.Jsonata;
import com.google.re2j.PatternSyntaxException;

/**
 * Checks a parsed expression before it may be saved or run, and makes its regular expressions safe to run.
 *
 * <ul>
 * <li>A library function that is not on {@link BoundedBuiltins}' allowlist ({@code $eval}) is refused wherever it is
 * named, and so is {@code $toMillis} called with a picture.</li>
 * <li>A function signature ({@code function($x)<n:n>{...}}) is refused: the library checks arguments against it with
 * a backtracking regex built from the signature.</li>
 * <li>A transform ({@code ~> |path|update|}) is refused: it changes objects in place, behind the size bound's back,
 * and a filter only needs to read.</li>
 * <li>Context and position bindings ({@code @$x}, {@code #$i}) and the parent operator ({@code %}) are refused: the
 * library evaluates them as "tuple streams", copying every binding for every item inside one node.</li>
 * <li>Each wildcard ({@code *}) is found, so that {@link EvaluationBounds} can refuse one over a value with too many
 * array members: the library copies its whole result for each of them, inside one node.</li>
 * <li>Each range ({@code [a..b]}) is found, so that {@link EvaluationBounds} can refuse one larger than its size bound
 * before the library allocates it in one step.</li>
 * <li>Each regex literal is compiled with RE2/J, whose matching time is linear in the text times the pattern's
 * program: a pattern of more than {@value #MAX_REGEX_LENGTH} characters, or whose program would exceed about
 * {@value #MAX_REGEX_SIZE} instructions ({@code (a{1000}){1000}} would be a million), is refused before it is
 * compiled; one RE2 cannot run (backreferences, lookaround) is refused with RE2's reason. The literal's compiled {@code java.util.regex.Pattern} is
 * then replaced by the RE2/J pattern, so no regex of an expression ever reaches the backtracking engine: not through
 * the library's own functions, nor by calling the regex as a function ({@code /a+/("aaa")}, which fails instead).</li>
 * </ul>
 *
 * <p>The library does not expose its syntax tree, so it is read by reflection over the fields of its node class
 * ({@code Parser.Symbol}; {@code NativeImageHints} keeps them in a native image). The walk visits every node reachable
 * through any field, so it needs no list of node kinds. If a library upgrade renamed the fields this reads, every
 * regex test would fail rather than pass unchecked.
 */
final class ExpressionSandbox {

    private static final Class<?> NODE;
    private static final Field AST;
    private static final Field TYPE;
    private static final Field VALUE;
    private static final Field PROCEDURE;
    static final int MAX_REGEX_LENGTH = 1000;
    static final int MAX_REGEX_SIZE = 5000;

    private static final Field ARGUMENTS;
    private static final Field SIGNATURE;
    private static final Field TUPLE;
    private static final Field LHS;
    private static final Field RHS;
    private static final List<Field> CHILD_FIELDS = new ArrayList<>();

    static {
        try {
            NODE = Class.forName("com.dashjoin.jsonata.Parser$Symbol");
            AST = accessible(Jsonata.class.getDeclaredField("ast"));
            TYPE = accessible(NODE.getDeclaredField("type"));
            VALUE = accessible(NODE.getDeclaredField("value"));
            PROCEDURE = accessible(NODE.getDeclaredField("procedure"));
            ARGUMENTS = accessible(NODE.getDeclaredField("arguments"));
            SIGNATURE = accessible(NODE.getDeclaredField("signature"));
            TUPLE = accessible(NODE.getDeclaredField("tuple"));
            LHS = accessible(NODE.getDeclaredField("lhs"));
            RHS = accessible(NODE.getDeclaredField("rhs"));
            for (Field field : NODE.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()
                        && !field.getType().isPrimitive() && field.getType() != String.class) {
                    CHILD_FIELDS.add(accessible(field));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException incompatible) {
            throw new ExceptionInInitializerError("the JSONata library's syntax tree is not as expected: "
                    + incompatible);
        }
    }

    private ExpressionSandbox() {
    }

    /**
     * Whether {@code expression} may run (its regex literals are now RE2/J patterns) and, if so, where its ranges are.
     * Call once, right after parsing and before the expression is shared.
     */
    static Admission admit(Jsonata expression) {
        try {
            Map<Object, Object> rangeEndToStart = new IdentityHashMap<>();
            Set<Object> wildcards = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Object node : nodes(AST.get(expression))) {
                String refusal = admitNode(node);
                if (refusal != null) {
                    return new Admission(refusal, Map.of(), Set.of());
                }
                if ("binary".equals(TYPE.get(node)) && "..".equals(VALUE.get(node))) {
                    rangeEndToStart.put(RHS.get(node), LHS.get(node));
                }
                if ("wildcard".equals(TYPE.get(node))) {
                    wildcards.add(node);
                }
            }
            return new Admission(null, Collections.unmodifiableMap(rangeEndToStart),
                    Collections.unmodifiableSet(wildcards));
        } catch (IllegalAccessException unreadable) {
            throw new IllegalStateException("the JSONata syntax tree cannot be read", unreadable);
        }
    }

    /**
     * @param refusal null when the expression may run, otherwise why not
     * @param rangeEndToStart for each range {@code [a..b]} in the expression, the node of b mapped to the node of a
     *        (by identity)
     * @param wildcards the expression's wildcard nodes (by identity)
     */
    record Admission(String refusal, Map<Object, Object> rangeEndToStart, Set<Object> wildcards) {
    }

    private static String admitNode(Object node) throws IllegalAccessException {
        String type = (String) TYPE.get(node);
        Object value = VALUE.get(node);
        if ("variable".equals(type) && value instanceof String name && BoundedBuiltins.isRefused(name)) {
            return "eval".equals(name) ? BoundedBuiltins.EVAL_REFUSED : "$" + name + " is not allowed";
        }
        if ("lambda".equals(type) && SIGNATURE.get(node) != null) {
            return "function signatures (<...>) are not supported";
        }
        if ("transform".equals(type)) {
            return "transforms (|...|...|) are not supported in filters";
        }
        if (Boolean.TRUE.equals(TUPLE.get(node))) {
            return "context and position bindings (@$x, #$i) and the parent operator (%) are not supported in filters";
        }
        if (("function".equals(type) || "partial".equals(type) || "apply".equals(type)) && callsARegex(node)) {
            return "a regular expression cannot be called as a function: use $match, $contains, $split or $replace";
        }
        if (("function".equals(type) || "partial".equals(type)) && calls(node, "toMillis")
                && ARGUMENTS.get(node) instanceof List<?> arguments && arguments.size() > 1) {
            return BoundedBuiltins.TO_MILLIS_PICTURE_REFUSED;
        }
        if ("regex".equals(type) && value instanceof java.util.regex.Pattern backtracking) {
            String tooLarge = RegexSize.refusal(backtracking.pattern());
            if (tooLarge != null) {
                return "regular expression /" + ValueDescription.cut(backtracking.pattern()) + "/ " + tooLarge;
            }
            try {
                VALUE.set(node, com.google.re2j.Pattern.compile(backtracking.pattern(), re2Flags(backtracking)));
            } catch (PatternSyntaxException unsupported) {
                return "regular expression /" + ValueDescription.cut(backtracking.pattern())
                        + "/ is not supported (no backreferences or lookaround): " + unsupported.getDescription();
            }
        }
        return null;
    }

    /** {@code /re/("text")} or {@code "text" ~> /re/}: the library would match with java.util.regex. */
    private static boolean callsARegex(Object node) throws IllegalAccessException {
        Object procedure = "apply".equals(TYPE.get(node)) ? RHS.get(node) : PROCEDURE.get(node);
        return procedure != null && NODE.isInstance(procedure) && "regex".equals(TYPE.get(procedure));
    }

    private static boolean calls(Object node, String function) throws IllegalAccessException {
        Object procedure = PROCEDURE.get(node);
        return procedure != null && "variable".equals(TYPE.get(procedure)) && function.equals(VALUE.get(procedure));
    }

    private static int re2Flags(java.util.regex.Pattern pattern) {
        int flags = 0;
        if ((pattern.flags() & java.util.regex.Pattern.CASE_INSENSITIVE) != 0) {
            flags |= com.google.re2j.Pattern.CASE_INSENSITIVE;
        }
        if ((pattern.flags() & java.util.regex.Pattern.MULTILINE) != 0) {
            flags |= com.google.re2j.Pattern.MULTILINE;
        }
        return flags;
    }

    /** Every node reachable from {@code root} through any field, each once. */
    private static List<Object> nodes(Object root) throws IllegalAccessException {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> found = new ArrayList<>();
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(root == null ? List.of() : root);
        while (!pending.isEmpty()) {
            Object next = pending.pop();
            if (!seen.add(next)) {
                continue;
            }
            if (NODE.isInstance(next)) {
                found.add(next);
                for (Field field : CHILD_FIELDS) {
                    Object child = field.get(next);
                    if (child != null) {
                        pending.push(child);
                    }
                }
            } else if (next instanceof Collection<?> items) {
                items.forEach(item -> pushIfNotNull(pending, item));
            } else if (next instanceof Object[] items) {
                for (Object item : items) {
                    pushIfNotNull(pending, item);
                }
            } else if (next instanceof Map<?, ?> entries) {
                entries.values().forEach(item -> pushIfNotNull(pending, item));
            }
        }
        return found;
    }

    private static void pushIfNotNull(Deque<Object> pending, Object item) {
        if (item != null) {
            pending.push(item);
        }
    }

    private static Field accessible(Field field) {
        field.setAccessible(true);
        return field;
    }
}
