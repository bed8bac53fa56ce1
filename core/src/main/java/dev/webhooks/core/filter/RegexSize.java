package dev.webhooks.core.filter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An upper estimate of the program RE2/J compiles from a pattern, read from the pattern's text before compiling it:
 * RE2 unrolls counted repetition, so {@code (a{1000}){1000}} is a million instructions (compiling it exhausts the
 * heap), and matching costs the text's length times the program's size. Counts each atom as one instruction, each
 * quantifier and alternative as one more, and multiplies a repeated atom or group by its count.
 */
final class RegexSize {

    private static final Pattern COUNTED = Pattern.compile("\\{(\\d{1,6})(,(\\d{0,6}))?}");

    private RegexSize() {
    }

    /** Null when the pattern may be compiled, otherwise why not. */
    static String refusal(String pattern) {
        if (pattern.length() > ExpressionSandbox.MAX_REGEX_LENGTH) {
            return "is longer than " + ExpressionSandbox.MAX_REGEX_LENGTH + " characters";
        }
        long size = estimate(pattern);
        return size > ExpressionSandbox.MAX_REGEX_SIZE
                ? "is too large to run in bounded time (about " + size + " instructions, at most "
                        + ExpressionSandbox.MAX_REGEX_SIZE + ")"
                : null;
    }

    static long estimate(String pattern) {
        Deque<Long> enclosing = new ArrayDeque<>();
        long size = 0;
        long lastAtom = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i = skipEscape(pattern, i);
                lastAtom = 1;
                size += 1;
            } else if (c == '[') {
                i = skipClass(pattern, i);
                lastAtom = 1;
                size += 1;
            } else if (c == '(') {
                enclosing.push(size);
                size = 0;
                lastAtom = 0;
            } else if (c == ')') {
                long group = size + 1;
                size = (enclosing.isEmpty() ? 0 : enclosing.pop()) + group;
                lastAtom = group;
            } else if (c == '{') {
                Matcher counted = COUNTED.matcher(pattern).region(i, pattern.length());
                if (counted.lookingAt()) {
                    long times = Long.parseLong(counted.group(1));
                    if (counted.group(3) != null && !counted.group(3).isEmpty()) {
                        times = Math.max(times, Long.parseLong(counted.group(3)));
                    }
                    size += lastAtom * Math.max(0, times - 1) + times;
                    lastAtom = lastAtom * Math.max(1, times);
                    i = counted.end() - 1;
                } else {
                    size += 1;
                    lastAtom = 1;
                }
            } else if (c == '*' || c == '+' || c == '?' || c == '|') {
                size += 1;
            } else {
                size += 1;
                lastAtom = 1;
            }
            if (size > Integer.MAX_VALUE) {
                return size;
            }
        }
        while (!enclosing.isEmpty()) {
            size += enclosing.pop();
        }
        return size;
    }

    private static int skipEscape(String pattern, int at) {
        int next = at + 1;
        if (next < pattern.length() && (pattern.charAt(next) == 'p' || pattern.charAt(next) == 'P')
                && next + 1 < pattern.length() && pattern.charAt(next + 1) == '{') {
            int close = pattern.indexOf('}', next);
            return close < 0 ? pattern.length() - 1 : close;
        }
        return Math.min(next, pattern.length() - 1);
    }

    private static int skipClass(String pattern, int at) {
        int i = at + 1;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++;
        }
        for (; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return i;
            }
        }
        return pattern.length() - 1;
    }
}
