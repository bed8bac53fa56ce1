package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The local inbox verifies with the receiver guide's Java snippet itself, not a copy that could drift from it: the
 * guide's {@code WebhookVerifier.java} block is the inbox's source file without its package line.
 * ({@code ReceivingWebhooksSnippetsIT} runs every snippet on real deliveries.)
 */
class ReceivingWebhooksGuideTest {

    @Test
    void theGuidesJavaSnippetIsTheInboxsVerifier() throws IOException {
        Path root = Path.of(System.getProperty("webhooks.repository.root", ".."));
        Matcher block = Pattern.compile("```java WebhookVerifier\\.java\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(root.resolve("docs/receiving-webhooks.md")));
        assertThat(block.find()).as("docs/receiving-webhooks.md has a WebhookVerifier.java block").isTrue();
        String source = Files.readString(root.resolve("local/src/main/java/dev/webhooks/local/WebhookVerifier.java"));

        assertThat(source).startsWith("package dev.webhooks.local;\n\n");
        assertThat(source.substring("package dev.webhooks.local;\n\n".length())).isEqualTo(block.group(1));
    }
}
