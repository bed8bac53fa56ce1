package dev.webhooks.benchmarks;

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
public final class TemplateJvmOptions {

    /** What Lambda's java21 runtime runs a function with when it sets none: the serial collector, C1 alone. */
    public static final List<String> LAMBDA_JAVA21_DEFAULTS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final Pattern RESOURCE = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");
    private static final Pattern OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS: !If \\[IsNative, !Ref AWS::NoValue, "
            + "\"([^\"]*)\"\\]");

    private static final Pattern MEMORY_SIZE = Pattern.compile("^    MemorySize: (\\d+)\\s*$");

    private TemplateJvmOptions() {
    }

    /**
     * The JVM options that make a JVM here size itself as in a Lambda function of {@code memoryMb}: there it sees the
     * function's memory as the machine's ({@code MaxRAM}), and AWS's Java runtimes pass a maximum heap of 85 % of it
     * (reported for the java17 runtime: {@code -XX:MaxHeapSize=445645k} at 512 MB; not checked for java21 here).
     * Without them a JVM here sizes itself for this machine's memory.
     */
    public static List<String> lambdaMemory(int memoryMb) {
        return List.of("-XX:MaxRAM=" + memoryMb + "m", "-XX:MaxHeapSize=" + memoryMb * 1024L * 85 / 100 + "k");
    }

    /** Options as written in one string, split at spaces. */
    public static List<String> split(String options) {
        return Arrays.stream(options.split(" ")).filter(option -> !option.isBlank()).toList();
    }

    /** The functions' memory in MB: the {@code Globals} {@code MemorySize}. */
    public static int memorySizeMb(Path template) throws IOException {
        return Files.readAllLines(template).stream().map(MEMORY_SIZE::matcher).filter(Matcher::matches)
                .map(size -> Integer.parseInt(size.group(1))).findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml gives the functions no MemorySize"));
    }

    /** Each function resource's options, by its logical id ({@code ApiFunction}, ...). */
    public static Map<String, List<String>> read(Path template) throws IOException {
        Map<String, List<String>> options = new LinkedHashMap<>();
        String resource = null;
        for (String line : Files.readAllLines(template)) {
            Matcher name = RESOURCE.matcher(line);
            if (name.matches()) {
                resource = name.group(1);
            }
            Matcher value = OPTIONS.matcher(line);
            if (value.find() && resource != null) {
                options.put(resource, split(value.group(1)));
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
