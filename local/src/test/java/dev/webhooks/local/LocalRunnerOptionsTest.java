package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.adapter.sqs.Queues;

/** {@code ./run-local}'s arguments: the ports and the dispatcher's concurrency, with the documented defaults. */
class LocalRunnerOptionsTest {

    @Test
    void withoutArgumentsTheDocumentedPortsAreUsed() {
        LocalRunner.Options options = LocalRunner.Options.parse(new String[0]);

        assertThat(options).isEqualTo(new LocalRunner.Options(8080, 8070, 9324, 8090,
                Queues.DISPATCHER_MAX_CONCURRENCY_DEFAULT));
    }

    @Test
    void eachPortAndTheConcurrencyCanBeChosen() {
        LocalRunner.Options options = LocalRunner.Options.parse(new String[] { "--api-port", "9080", "--inbox-port",
            "9070", "--sqs-port", "9325", "--token-port", "9090", "--dispatcher-concurrency", "3" });

        assertThat(options).isEqualTo(new LocalRunner.Options(9080, 9070, 9325, 9090, 3));
    }

    @Test
    void aWrongArgumentSaysWhat() {
        assertThatThrownBy(() -> LocalRunner.Options.parse(new String[] { "--api-port" }))
                .hasMessageContaining("--api-port needs a value");
        assertThatThrownBy(() -> LocalRunner.Options.parse(new String[] { "--api-port", "http" }))
                .hasMessageContaining("a number from 1 to 65535");
        assertThatThrownBy(() -> LocalRunner.Options.parse(new String[] { "--dispatcher-concurrency", "0" }))
                .hasMessageContaining("--dispatcher-concurrency needs a number from 1 to 1000");
        assertThatThrownBy(() -> LocalRunner.Options.parse(new String[] { "--port", "1" }))
                .hasMessageContaining("unknown option --port");
        assertThat(LocalRunner.USAGE).contains("--api-port", "--inbox-port", "--sqs-port", "--token-port", "--dispatcher-concurrency");
    }
}
