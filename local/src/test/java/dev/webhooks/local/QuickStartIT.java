package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.local.LocalInbox.Verdict;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.TokenIssuer;

/**
 * The README's Quick start, run as a newcomer runs it: what {@code ./run-local} starts (the same
 * {@link LocalRunner#start}, on free ports instead of the documented ones), and in one bash session every command of
 * the walkthrough between {@code <!-- quick-start:begin -->} and {@code <!-- quick-start:end -->}, in order.
 *
 * <p>A {@code text} block after a command is its output, and a {@code text run-local} block is what the
 * {@code ./run-local} terminal prints meanwhile (the inbox's report of a webhook): both must match what really
 * appears, line for line, where {@code …} stands for any text. So the walkthrough ends in a delivery whose {@code v1}
 * and {@code v1a} signatures the inbox verified, read back from the history and replayed, or this test fails.
 */
class QuickStartIT {

    private static final Pattern BLOCK = Pattern.compile("```(\\w+)([^\\n]*)\\n(.*?)```", Pattern.DOTALL);
    /** The documented ports, as the README's commands use them. */
    private static final Pattern ADDRESS = Pattern.compile("(localhost|127\\.0\\.0\\.1):(\\d+)");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path root;
    private static LocalRunner.Running running;
    private static final List<String> printed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void runLocal() {
        root = Path.of(System.getProperty("webhooks.repository.root", "..")).toAbsolutePath().normalize();
        running = LocalRunner.start(root, new LocalRunner.Options(0, 0, 0, 0, 2), PackagedFunction.Output.FILE,
                line -> {
                    printed.add(line);
                    System.out.println(line);
                });
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void theWalkthroughEndsInAVerifiedDeliveryReadBackAndReplayed() throws IOException {
        List<Step> steps = walkthrough(Files.readString(root.resolve("README.md")));
        assertThat(steps).as("the walkthrough's blocks").extracting(Step::kind)
                .contains(Step.Kind.COMMANDS, Step.Kind.OUTPUT, Step.Kind.INBOX);
        Map<String, Integer> ports = Map.of("8080", running.stack().apiPort(), "8070", running.inbox().port(),
                "8090", running.tokens().port(), "9324", sqsPort());

        int webhooksSeen = 0;
        List<String> lastOutput = List.of();
        try (ShellSession shell = new ShellSession(root)) {
            for (Step step : steps) {
                switch (step.kind()) {
                    case COMMANDS -> lastOutput = shell.run(onTheseTestPorts(step.text(), ports), 120);
                    case OUTPUT -> assertMatches(onTheseTestPorts(step.text(), ports), lastOutput,
                            "the output of the commands before");
                    case INBOX -> {
                        int expected = ++webhooksSeen;
                        // A person waits for the terminal to show it: the dispatcher delivers within seconds.
                        await().atMost(Duration.ofSeconds(90))
                                .until(() -> running.inbox().received().size() >= expected);
                        LocalInbox.Received webhook = running.inbox().received().get(expected - 1);
                        assertThat(webhook.v1().verdict()).as(webhook.report()).isEqualTo(Verdict.VERIFIED);
                        assertThat(webhook.v1a().verdict()).as(webhook.report()).isEqualTo(Verdict.VERIFIED);
                        assertMatches(step.text(), webhook.report().lines().toList(), "the inbox's report");
                        // The dispatcher records the delivery once the inbox answered: a moment later.
                        await().atMost(Duration.ofSeconds(30)).until(() -> deliveredEntries() >= expected);
                    }
                }
            }
        }
        assertThat(webhooksSeen).as("deliveries the walkthrough shows: the event, then its replay").isEqualTo(2);
        List<LocalInbox.Received> received = running.inbox().received();
        assertThat(received.get(1).webhookId()).as("a replay is a new event, with a webhook-id of its own")
                .isNotEqualTo(received.get(0).webhookId());
        assertThat(printed).as("the inbox prints its reports where ./run-local prints")
                .contains(received.get(0).report().lines().findFirst().orElseThrow());
    }

    /** The history entries of organization 739224's webhooks that say {@code succeeded}. */
    private static int deliveredEntries() {
        String token = TokenIssuer.shared().tokenFor("739224");
        LocalApi api = new LocalApi(running.stack().apiBase());
        int delivered = 0;
        for (JsonNode config : api.call(token, "GET", "/v1/webhooks/configs", null, 200)) {
            for (JsonNode entry : api.call(token, "GET", "/v1/webhooks/configs/" + config.path("id").asText()
                    + "/events", null, 200).path("data")) {
                delivered += entry.path("status").asText().equals("succeeded") ? 1 : 0;
            }
        }
        return delivered;
    }

    /** The README's commands with the ports of this run in place of the documented ones. */
    private static String onTheseTestPorts(String commands, Map<String, Integer> ports) {
        Matcher address = ADDRESS.matcher(commands);
        StringBuilder replaced = new StringBuilder();
        while (address.find()) {
            Integer port = ports.get(address.group(2));
            assertThat(port).as("%s in the README is not one of ./run-local's ports %s", address.group(), ports.keySet())
                    .isNotNull();
            address.appendReplacement(replaced, address.group(1) + ":" + port);
        }
        address.appendTail(replaced);
        return replaced.toString();
    }

    private static int sqsPort() {
        Matcher port = Pattern.compile(":(\\d+)").matcher(running.stack().emulators().sqsEndpoint());
        assertThat(port.find()).isTrue();
        return Integer.parseInt(port.group(1));
    }

    /** Each line of {@code template} matches the same line of {@code actual}; {@code …} matches any text. */
    private static void assertMatches(String template, List<String> actual, String what) {
        List<String> expected = template.strip().lines().toList();
        List<String> seen = actual.stream().map(String::stripTrailing).filter(line -> !line.isEmpty()).toList();
        assertThat(seen).as("%s:%n%s%nshould look like the README's%n%s", what, String.join("\n", seen), template)
                .hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            String pattern = Arrays.stream(expected.get(i).stripTrailing().split("…", -1)).map(Pattern::quote)
                    .collect(Collectors.joining(".*"));
            assertThat(seen.get(i)).as("%s, line %d (README: %s)", what, i + 1, expected.get(i)).matches(pattern);
        }
    }

    static List<Step> walkthrough(String readme) {
        int begin = readme.indexOf("<!-- quick-start:begin -->");
        int end = readme.indexOf("<!-- quick-start:end -->");
        assertThat(begin).as("the README marks its walkthrough").isPositive();
        assertThat(end).isGreaterThan(begin);
        List<Step> steps = new ArrayList<>();
        Matcher block = BLOCK.matcher(readme.substring(begin, end));
        while (block.find()) {
            String language = block.group(1);
            String label = block.group(2).strip();
            String text = block.group(3);
            switch (language) {
                case "bash" -> steps.add(new Step(Step.Kind.COMMANDS, text));
                case "text" -> steps.add(new Step(label.equals("run-local") ? Step.Kind.INBOX : Step.Kind.OUTPUT,
                        text));
                default -> throw new AssertionError("The walkthrough has a ```" + language + " block: this test runs "
                        + "```bash blocks and compares ```text ones, so it would pass over it");
            }
        }
        return steps;
    }

    record Step(Kind kind, String text) {
        enum Kind { COMMANDS, OUTPUT, INBOX }
    }
}
