package dev.webhooks.benchmarks.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options the template gives each function's JVM variant ({@code JAVA_TOOL_OPTIONS}), read from
 * {@code template.yaml} so that the benchmark runs the functions as they are deployed; {@code TemplateTest} pins the
 * values themselves.
 */
final class TemplateJvmOptions {

    /** What Lambda's java21 runtime runs a function with when it sets none: the serial collector, C1 alone. */
    static final List<String> LAMBDA_JAVA21_DEFAULTS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final Pattern RESOURCE = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");
    private static final Pattern OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS: !If \\[IsNative, !Ref AWS::NoValue, "
            + "\"([^\"]*)\"\\]");

    private TemplateJvmOptions() {
    }

    /** Each function resource's options, by its logical id ({@code ApiFunction}, ...). */
    static Map<String, List<String>> read(Path template) throws IOException {
        Map<String, List<String>> options = new LinkedHashMap<>();
        String resource = null;
        for (String line : Files.readAllLines(template)) {
            Matcher name = RESOURCE.matcher(line);
            if (name.matches()) {
                resource = name.group(1);
            }
            Matcher value = OPTIONS.matcher(line);
            if (value.find() && resource != null) {
                options.put(resource, Arrays.stream(value.group(1).split(" ")).filter(o -> !o.isBlank()).toList());
            }
        }
        for (String function : List.of("ApiFunction", "DispatcherFunction")) {
            if (!options.containsKey(function)) {
                throw new IllegalStateException("template.yaml gives " + function + " no JAVA_TOOL_OPTIONS");
            }
        }
        return options;
    }
}
