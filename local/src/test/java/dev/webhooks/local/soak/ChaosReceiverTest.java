package dev.webhooks.local.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.webhooks.local.soak.ChaosReceiver.Answer;

/** The soak's receiver does each kind of misbehaviour for real, over real sockets. */
class ChaosReceiverTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void itAnswersResetsHangsAndRecordsWhatItDid() throws Exception {
        try (ChaosReceiver receiver = ChaosReceiver.start("test", "127.0.0.1", request -> switch (request.path()) {
            case "/reset" -> new Answer.Reset();
            case "/hang" -> new Answer.Hang();
            case "/busy" -> new Answer.Respond(429, Map.of("Retry-After", "1"), "{}", Duration.ZERO);
            default -> Answer.ok();
        })) {
            HttpResponse<String> ok = post(receiver.url("/ok"), Duration.ofSeconds(5));
            assertThat(ok.statusCode()).isEqualTo(200);
            HttpResponse<String> busy = post(receiver.url("/busy"), Duration.ofSeconds(5));
            assertThat(busy.statusCode()).isEqualTo(429);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
            assertThatThrownBy(() -> post(receiver.url("/reset"), Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> post(receiver.url("/hang"), Duration.ofMillis(500)))
                    .isInstanceOf(HttpTimeoutException.class);

            assertThat(receiver.received()).extracting(ChaosReceiver.Received::path)
                    .containsExactly("/ok", "/busy", "/reset", "/hang");
            assertThat(receiver.received()).filteredOn(ChaosReceiver.Received::answeredSuccess).hasSize(1);
            assertThat(receiver.received().get(0).header("webhook-id")).isEqualTo("msg_test");
            assertThat(receiver.received().get(0).body()).isEqualTo("{\"n\":1}");
        }
    }

    @Test
    void itGoesDownAndComesBackOnTheSamePort() throws Exception {
        try (ChaosReceiver receiver = ChaosReceiver.start("test", "127.0.0.1", request -> Answer.ok())) {
            assertThat(post(receiver.url("/"), Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
            receiver.goDown();
            // A new client: a pooled connection would fail differently from a refused one.
            HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(URI.create(receiver.url("/")))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
            receiver.comeUp();
            assertThat(post(receiver.url("/"), Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> post(String url, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("webhook-id", "msg_test")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
