package dev.webhooks.core.fakes;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.WithDefault;

import dev.webhooks.core.settings.DeliverySettings;

/**
 * {@link DeliverySettings} for unit tests without Quarkus: each method answers its {@code @WithDefault} value, unless
 * the test overrides it by method name, so the tests run with the defaults that ship.
 */
public final class TestDeliverySettings {

    private TestDeliverySettings() {
    }

    public static DeliverySettings defaults() {
        return with(Map.of());
    }

    /** @param overrides method name to value, written as in {@code application.properties} */
    public static DeliverySettings with(Map<String, String> overrides) {
        Map<String, Object> values = new HashMap<>();
        for (Method method : DeliverySettings.class.getMethods()) {
            String raw = overrides.get(method.getName());
            WithDefault fallback = method.getAnnotation(WithDefault.class);
            if (raw == null && fallback != null) {
                raw = fallback.value();
            }
            values.put(method.getName(), convert(raw, method.getGenericReturnType()));
        }
        return (DeliverySettings) Proxy.newProxyInstance(DeliverySettings.class.getClassLoader(),
                new Class<?>[] { DeliverySettings.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> "TestDeliverySettings" + values;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> values.get(method.getName());
                });
    }

    private static Object convert(String raw, Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Type raw0 = parameterized.getRawType();
            Type argument = parameterized.getActualTypeArguments()[0];
            if (raw0 == Optional.class) {
                return raw == null ? Optional.empty() : Optional.of(convert(raw, argument));
            }
            if (raw0 == List.class) {
                return Arrays.stream(raw.split(",")).map(String::trim).map(item -> convert(item, argument)).toList();
            }
        }
        if (raw == null) {
            throw new IllegalStateException("No default and no override for a setting of type " + type);
        }
        if (type == Duration.class) {
            return duration(raw);
        }
        if (type == int.class || type == Integer.class) {
            return Integer.parseInt(raw);
        }
        if (type == double.class || type == Double.class) {
            return Double.parseDouble(raw);
        }
        if (type == boolean.class || type == Boolean.class) {
            return Boolean.parseBoolean(raw);
        }
        if (type == String.class) {
            return raw;
        }
        throw new IllegalStateException("Unsupported setting type " + type);
    }

    /** SmallRye's short forms ({@code 250ms}, {@code 5s}, {@code 5m}, {@code 2h}, {@code 5d}) and ISO-8601. */
    private static Duration duration(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(raw);
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("Not a duration: " + raw);
        };
    }
}
