package dev.webhooks.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * {@code docs/configuration.md} lists every {@code webhooks.*} setting, with its environment variable and default,
 * exactly as the {@code @ConfigMapping} interfaces of the functions define them: a setting added, renamed or given
 * another default fails this test until the reference says so. Run with {@code -Dwebhooks.write-configuration=true}
 * to rewrite the reference's table (meanings written by hand are kept).
 */
class ConfigurationReferenceTest {

    private static final Path REFERENCE = Path.of(System.getProperty("webhooks.repository.root", ".."))
            .resolve("docs/configuration.md");
    private static final String TABLE_START = "<!-- settings: generated and checked by ConfigurationReferenceTest -->";
    private static final String TABLE_END = "<!-- end of settings -->";

    /** One setting: its property, environment variable, default, and the interface that defines it. */
    record Setting(String property, String environment, String byDefault, String definedIn) {

        String row(String meaning) {
            return "| `" + property + "` | `" + environment + "` | " + byDefault + " | " + meaning + " |";
        }
    }

    @Test
    void theReferenceListsEverySettingWithItsVariableAndDefault() throws IOException {
        List<Setting> settings = settings();
        String document = Files.readString(REFERENCE, StandardCharsets.UTF_8);
        Map<String, String> meanings = meanings(document);
        String table = table(settings, meanings);

        if (Boolean.getBoolean("webhooks.write-configuration")) {
            Files.writeString(REFERENCE, document.substring(0, document.indexOf(TABLE_START) + TABLE_START.length())
                    + "\n" + table + document.substring(document.indexOf(TABLE_END)), StandardCharsets.UTF_8);
            document = Files.readString(REFERENCE, StandardCharsets.UTF_8);
            meanings = meanings(document);
        }

        assertThat(settings).as("settings found").hasSizeGreaterThan(30);
        String written = document.substring(document.indexOf(TABLE_START) + TABLE_START.length(),
                document.indexOf(TABLE_END)).strip();
        assertThat(written).as("docs/configuration.md's table (rewrite it with -Dwebhooks.write-configuration=true)")
                .isEqualTo(table.strip());
        for (Setting setting : settings) {
            assertThat(meanings.get(setting.property())).as("the meaning of %s", setting.property()).isNotBlank();
        }
    }

    /** Every setting of every {@code @ConfigMapping} interface in the functions' code. */
    static List<Setting> settings() {
        List<Setting> settings = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.webhooks")) {
            if (type.isAnnotatedWith(ConfigMapping.class)) {
                Class<?> mapping = type.reflect();
                collect(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), mapping.getSimpleName(),
                        settings);
            }
        }
        settings.sort(Comparator.comparing(Setting::property));
        return settings;
    }

    private static void collect(Class<?> group, String prefix, String definedIn, List<Setting> settings) {
        Method[] methods = group.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method method : methods) {
            if (method.getParameterCount() > 0 || Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            WithName name = method.getAnnotation(WithName.class);
            String property = prefix + "." + (name != null ? name.value() : kebab(method.getName()));
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getName().startsWith("dev.webhooks")) {
                collect(type, property, definedIn, settings);
                continue;
            }
            WithDefault withDefault = method.getAnnotation(WithDefault.class);
            String byDefault = withDefault != null ? "`" + withDefault.value() + "`"
                    : type == Optional.class || optionalList(method) ? "unset" : "required";
            settings.add(new Setting(property, property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"),
                    byDefault, definedIn));
        }
    }

    private static boolean optionalList(Method method) {
        return method.getGenericReturnType() instanceof ParameterizedType parameterized
                && parameterized.getRawType() == Optional.class;
    }

    /** SmallRye's default naming: {@code retrySchedule} is {@code retry-schedule}. */
    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The meanings written in the reference's table, by property. */
    private static Map<String, String> meanings(String document) {
        Map<String, String> meanings = new LinkedHashMap<>();
        for (String line : document.lines().toList()) {
            if (line.startsWith("| `webhooks.")) {
                String[] cells = line.split("\\|", -1);
                if (cells.length >= 6) {
                    meanings.put(cells[1].strip().replace("`", ""), cells[4].strip());
                }
            }
        }
        return meanings;
    }

    private static String table(List<Setting> settings, Map<String, String> meanings) {
        StringBuilder table = new StringBuilder("| Setting | Environment variable | Default | Meaning |\n"
                + "|---|---|---|---|\n");
        for (Setting setting : settings) {
            table.append(setting.row(meanings.getOrDefault(setting.property(), ""))).append('\n');
        }
        return table.toString();
    }
}
