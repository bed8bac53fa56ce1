package dev.webhooks.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * A packaged JVM function ({@code <module>/target/function.zip}) run the way Lambda runs it: unpacked into a task
 * directory, each instance a JVM under AWS's Runtime Interface Client with the handler the SAM template names, all
 * polling one {@link LambdaRuntimeApi}. Like Lambda it starts another instance when the invocations in hand outnumber
 * the instances, up to {@code maxInstances} (the function's reserved or event-source concurrency), and each instance
 * runs one invocation at a time.
 */
public final class PackagedFunction implements AutoCloseable {

    /** Where {@link Output#FILE} output is kept, when set. */
    public static final String LOGS_PROPERTY = "webhooks.function-logs";

    /** Names the runtime client's native library file, so that the client loads it rather than unpack its own. */
    private static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** The function's memory in MB, as Lambda tells it; 512 (the template's) unless the environment says otherwise. */
    public static final String MEMORY_SIZE_VARIABLE = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";

    /** The handler of the SAM template's JVM functions. */
    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    /** Where each instance's output goes. */
    public enum Output {
        /** To this process's console, each line prefixed with the function's name and instance number. */
        CONSOLE,
        /**
         * To {@code instance-N.log} in the task directory, or, when the system property {@value #LOGS_PROPERTY} names
         * a directory, to {@code <name>-<task>-instance-N.log} there, where the build keeps them (the log scan reads
         * them).
         */
        FILE
    }

    /**
     * How to run the function.
     *
     * @param name what its output and the Lambda environment call it
     * @param maxInstances the most instances at once
     * @param jvmOptions options for each instance's JVM (heap, GC)
     * @param environment the environment of each instance, beside the Lambda variables set here
     * @param timeout the function's Lambda timeout: each invocation's deadline
     */
    public record Options(String name, int maxInstances, List<String> jvmOptions, Map<String, String> environment,
            Duration timeout, Output output) {

        public Options {
            if (maxInstances < 1) {
                throw new IllegalArgumentException("maxInstances must be at least 1, was " + maxInstances);
            }
            jvmOptions = List.copyOf(jvmOptions);
            environment = Map.copyOf(environment);
        }
    }

    private final Options options;
    private final Path task;
    private final LambdaRuntimeApi runtime;
    private final List<Process> instances = new CopyOnWriteArrayList<>();
    /** Each instance's exit, once handled: the invocations it cut short, by process id. */
    private final Map<Long, CompletableFuture<List<String>>> exits = new ConcurrentHashMap<>();
    /** Each instance's name with the Runtime API (its number), by process id. */
    private final Map<Long, String> instanceNames = new ConcurrentHashMap<>();
    private final List<Long> launches = new CopyOnWriteArrayList<>();
    private int started;
    private boolean closed;

    private PackagedFunction(Options options, Path task, LambdaRuntimeApi runtime) {
        this.options = options;
        this.task = task;
        this.runtime = runtime;
    }

    /** Unpacks {@code zip} and starts one instance; more start as invocations need them. */
    public static PackagedFunction start(Path zip, Options options) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " does not exist: build it with ./mvnw package");
        }
        try {
            Path task = Files.createTempDirectory("lambda-task-" + options.name() + "-");
            unzip(zip, task);
            PackagedFunction function = new PackagedFunction(options, task,
                    LambdaRuntimeApi.forFunction(options.timeout()));
            function.runtime.onDemand(function::scaleTo);
            function.scaleTo(1);
            return function;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + zip, e);
        }
    }

    /**
     * Converts Quarkus configuration properties to the environment variables Quarkus reads them from
     * ({@code webhooks.tables.configs} becomes {@code WEBHOOKS_TABLES_CONFIGS}), as the SAM template sets them.
     */
    public static Map<String, String> environmentOf(Map<String, String> properties) {
        Map<String, String> environment = new LinkedHashMap<>();
        properties.forEach((property, value) -> environment.put(
                property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT), value));
        return environment;
    }

    /** Invokes the function with {@code event} and answers its response; fails if it reports an error. */
    public String invoke(String event) throws Exception {
        // The caller waits past the deadline by a cold start, which Lambda does not count against the timeout.
        return runtime.invoke(event, options.timeout().plusSeconds(60));
    }

    /** Invocations running in an instance now. */
    public int invocationsRunning() {
        return runtime.running();
    }

    /** The instances started so far that are still alive. */
    public List<ProcessHandle> instances() {
        return instances.stream().filter(Process::isAlive).map(Process::toHandle).toList();
    }

    /**
     * The instances alive now that have taken an invocation and not answered it yet: killing one of them interrupts
     * an invocation in the middle.
     */
    public List<ProcessHandle> instancesInInvocation() {
        return instances.stream().filter(Process::isAlive)
                .filter(instance -> runtime.holding(instanceNames.get(instance.pid()))).map(Process::toHandle)
                .toList();
    }

    /**
     * Completes when {@code instance} has exited and its exit has been handled, with how many invocations it held then
     * (each failed, as Lambda fails an invocation whose runtime exits): 0 if it exited between invocations.
     */
    public CompletableFuture<Integer> invocationsCutShortBy(ProcessHandle instance) {
        CompletableFuture<List<String>> exit = exits.get(instance.pid());
        if (exit == null) {
            throw new IllegalArgumentException("Process " + instance.pid() + " is no instance of " + options.name());
        }
        return exit.thenApply(List::size);
    }

    /**
     * When each instance was launched, in {@link System#nanoTime()}, in launch order: the start of a cold start
     * (a process's own start time is only as exact as the system's boot time, a whole second).
     */
    public List<Long> launchTimes() {
        return List.copyOf(launches);
    }

    /** When the first instance's init phase ended (its first request for an invocation), in nanoTime; empty before. */
    public OptionalLong firstInitDone() {
        return runtime.firstInitDone();
    }

    public Path taskDirectory() {
        return task;
    }

    private synchronized void scaleTo(int needed) {
        if (closed) {
            return;
        }
        instances.removeIf(instance -> !instance.isAlive());
        while (instances.size() < Math.min(needed, options.maxInstances())) {
            instances.add(startInstance(++started));
        }
    }

    private Process startInstance(int number) {
        // As in Lambda: the function's root and lib/*.jar, then the runtime client (the managed runtime's own part).
        String classpath = String.join(File.pathSeparator, task.toString(), task.resolve("lib") + File.separator + "*",
                runtimeClientClasspath());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmOptions());
        command.add("-D" + NATIVE_CLIENT_PROPERTY + "=" + nativeClient());
        command.addAll(List.of("-cp", classpath, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                HANDLER));
        ProcessBuilder builder = new ProcessBuilder(command).directory(task.toFile()).redirectErrorStream(true);
        if (options.output() == Output.FILE) {
            builder.redirectOutput(logFile(number).toFile());
        }
        builder.environment().putAll(options.environment());
        String name = Integer.toString(number);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtime.address(name));
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", options.name());
        builder.environment().put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        builder.environment().putIfAbsent(MEMORY_SIZE_VARIABLE, "512");
        builder.environment().put("AWS_REGION", AwsEmulators.REGION);
        try {
            launches.add(System.nanoTime());
            Process process = builder.start();
            instanceNames.put(process.pid(), name);
            // Off the process reaper's thread: it stops a server.
            exits.put(process.pid(), process.onExit().thenApplyAsync(exited -> runtime.exited(name)));
            if (options.output() == Output.CONSOLE) {
                copyToConsole(process, "[" + options.name() + "-" + number + "] ");
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start an instance of " + options.name(), e);
        }
    }

    private static void copyToConsole(Process process, String prefix) {
        Thread copier = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    System.out.println(prefix + line);
                }
            } catch (IOException ended) {
                // The instance is gone; its output with it.
            }
        }, prefix.trim());
        copier.setDaemon(true);
        copier.start();
    }

    /**
     * The runtime client's native library, unpacked once into the task directory. Left to itself, every instance of
     * the client unpacks it to the same {@code /tmp/.libaws-lambda-jni.so} as it starts, so instances starting
     * together replace the file under each other and fail to load it (in Lambda each instance has a {@code /tmp} of
     * its own). The client loads the file its property names instead.
     */
    private synchronized Path nativeClient() {
        Path library = task.resolve(".libaws-lambda-jni.so");
        if (Files.exists(library)) {
            return library;
        }
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        String entry = "jni/libaws-lambda-jni.linux-" + arch + ".so";
        for (String jar : runtimeClientClasspath().split(File.pathSeparator)) {
            try (ZipFile zip = new ZipFile(jar)) {
                ZipEntry found = zip.getEntry(entry);
                if (found != null) {
                    try (InputStream in = zip.getInputStream(found)) {
                        Files.copy(in, library);
                    }
                    return library;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unpack " + entry + " from " + jar, e);
            }
        }
        throw new IllegalStateException(entry + " is in none of the runtime client's jars");
    }

    /**
     * The runtime client's jars and its dependencies, from this process's class path: a module that runs packaged
     * functions depends on {@code aws-lambda-java-runtime-interface-client}, which Lambda's managed Java runtime brings
     * beside a function's jars.
     */
    private static String runtimeClientClasspath() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("aws-lambda-java-runtime-interface-client")
                    || name.startsWith("aws-lambda-java-serialization")
                    // The client's thread-local helper: a function without the AWS SDK (hello) does not carry it.
                    || name.startsWith("utils-lite")) {
                jars.add(entry);
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("aws-lambda-java-runtime-interface-client is not on the class path");
        }
        return String.join(File.pathSeparator, jars);
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("Zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file);
                }
            }
        }
    }

    private Path logFile(int number) {
        String kept = System.getProperty(LOGS_PROPERTY);
        if (kept == null || kept.isBlank()) {
            return task.resolve("instance-" + number + ".log");
        }
        try {
            Path directory = Files.createDirectories(Path.of(kept));
            return directory.resolve(options.name() + "-" + task.getFileName() + "-instance-" + number + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + kept, e);
        }
    }

    /** Every line the instances have written so far (with {@link Output#FILE}). */
    public synchronized List<String> outputLines() {
        List<String> lines = new ArrayList<>();
        for (int number = 1; number <= started; number++) {
            Path file = logFile(number);
            if (Files.exists(file)) {
                try {
                    lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return lines;
    }

    /** Stops every instance: SIGTERM, then SIGKILL for one still running after five seconds. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        instances.forEach(Process::destroy);
        for (Process instance : instances) {
            try {
                if (!instance.waitFor(5, TimeUnit.SECONDS)) {
                    instance.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                instance.destroyForcibly();
            }
        }
        runtime.close();
    }
}
