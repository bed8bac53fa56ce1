package dev.webhooks.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.error.ValidationException;

/** The keep / replace / remove rule of custom headers, whose values are write-only secrets. */
class CustomHeadersTest {

    private static final CustomHeaders STORED = new CustomHeaders(ordered("X-Tenant", Secret.of("tenant-7"),
            "X-Token", Secret.of("t0ken")));

    private static <V> Map<String, V> ordered(String name, V value, String otherName, V otherValue) {
        Map<String, V> map = new LinkedHashMap<>();
        map.put(name, value);
        map.put(otherName, otherValue);
        return map;
    }

    @Test
    void aReadShowsTheNamesWithMaskedValues() {
        assertThat(STORED.masked()).containsExactly(Map.entry("X-Tenant", CustomHeaders.MASK),
                Map.entry("X-Token", CustomHeaders.MASK));
        assertThat(STORED.toString()).doesNotContain("tenant-7", "t0ken");
    }

    @Test
    void writingBackWhatWasReadChangesNothing() {
        CustomHeaders resolved = CustomHeaders.resolve(STORED.masked(), STORED, false);

        assertThat(resolved).isEqualTo(STORED);
    }

    @Test
    void aNewValueReplacesAndALeftOutHeaderIsRemoved() {
        CustomHeaders resolved = CustomHeaders.resolve(Map.of("X-Token", "new-token"), STORED, false);

        assertThat(resolved.values()).containsOnlyKeys("X-Token");
        assertThat(resolved.values().get("X-Token").reveal()).isEqualTo("new-token");
    }

    @Test
    void aMaskedValueKeepsTheStoredOneWhateverTheNamesCase() {
        CustomHeaders resolved = CustomHeaders.resolve(Map.of("x-token", CustomHeaders.MASK), STORED, false);

        assertThat(resolved.values().get("x-token").reveal()).isEqualTo("t0ken");
    }

    @Test
    void aMaskedValueOfAnUnknownHeaderIsRefused() {
        assertThatThrownBy(() -> CustomHeaders.resolve(Map.of("X-Other", CustomHeaders.MASK), STORED, false))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field())
                        .isEqualTo("payloadConfiguration.custom_headers.X-Other"));
    }

    @Test
    void aStoredValueNeverFollowsTheConfigToANewDestination() {
        assertThatThrownBy(() -> CustomHeaders.resolve(STORED.masked(), STORED, true))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).reason())
                        .contains("must be sent again"));
        assertThat(CustomHeaders.resolve(Map.of("X-Token", "given-again"), STORED, true).values())
                .containsOnlyKeys("X-Token");
    }
}
