package dev.webhooks.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.api.openapi.OpenApiResource;

/**
 * Keeps our OpenAPI document honest in both directions: every epilot operation we claim to implement is in it with the
 * same operationId and the same required request fields, and every operation in it is served by a resource method of
 * that name, HTTP method and path.
 */
class OpenApiContractTest {


    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyEpilotOperationIsInOursWithTheSameIdAndRequiredFields() throws IOException {
        JsonNode epilot = read("contract/epilot-webhooks-openapi.json");
        JsonNode ours = read(OpenApiResource.RESOURCE);
        List<String> paths = new ArrayList<>();
        epilot.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).as("every path of the epilot file").hasSize(12);
        for (String path : paths) {
            epilot.path("paths").path(path).fields().forEachRemaining(operation -> {
                String method = operation.getKey();
                JsonNode theirs = operation.getValue();
                JsonNode mine = ours.path("paths").path(path).path(method);
                assertThat(mine.isMissingNode()).as("%s %s is in our document", method, path).isFalse();
                assertThat(mine.path("operationId").asText()).as("operationId of %s %s", method, path)
                        .isEqualTo(theirs.path("operationId").asText());
                assertThat(requiredRequestFields(ours, mine)).as("required request fields of %s %s", method, path)
                        .isEqualTo(requiredRequestFields(epilot, theirs));
                assertThat(successCodes(mine)).as("success codes of %s %s", method, path)
                        .isEqualTo(successCodes(theirs));
            });
        }
    }

    @Test
    void everyOperationInOurDocumentIsServed() throws Exception {
        JsonNode ours = read(OpenApiResource.RESOURCE);
        Map<String, String> served = servedOperations();
        List<String> missing = new ArrayList<>();
        ours.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            String key = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            String operationId = operation.getValue().path("operationId").asText();
            if (!operationId.equals(served.get(key))) {
                missing.add(key + " (" + operationId + ")");
            }
        }));
        assertThat(missing).as("operations documented but not served by a method of that name").isEmpty();
        assertThat(served).hasSize(countOperations(ours));
    }

    private static int countOperations(JsonNode document) {
        int[] count = { 0 };
        document.path("paths").forEach(path -> count[0] += path.size());
        return count[0];
    }

    private static Set<String> requiredRequestFields(JsonNode document, JsonNode operation) {
        JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asText().replace("#/components/schemas/", "");
            schema = document.path("components").path("schemas").path(name);
        }
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(field -> required.add(field.asText()));
        return required;
    }

    private static Set<String> successCodes(JsonNode operation) {
        Set<String> codes = new TreeSet<>();
        operation.path("responses").fieldNames().forEachRemaining(code -> {
            if (code.startsWith("2")) {
                codes.add(code);
            }
        });
        return codes;
    }

    /** "METHOD /path" of every resource method in this module, mapped to the method's name. */
    private static Map<String, String> servedOperations() throws IOException, URISyntaxException {
        Map<String, String> served = new HashMap<>();
        // The main classes folder, not test-classes: resources are what the function serves.
        URL root = OpenApiResource.class.getProtectionDomain().getCodeSource().getLocation();
        Path classes = Path.of(root.toURI());
        try (Stream<Path> files = Files.walk(classes.resolve("dev/webhooks/api"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, OpenApiContractTest.class.getClassLoader());
                } catch (ClassNotFoundException | NoClassDefFoundError e) {
                    continue;
                }
                jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = verb(method);
                    if (verb == null) {
                        continue;
                    }
                    jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    String path = base.value() + (sub == null ? "" : sub.value());
                    served.put(verb + " " + path, method.getName());
                }
            }
        }
        return served;
    }

    private static String verb(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return "GET";
        }
        if (method.isAnnotationPresent(POST.class)) {
            return "POST";
        }
        if (method.isAnnotationPresent(PUT.class)) {
            return "PUT";
        }
        if (method.isAnnotationPresent(DELETE.class)) {
            return "DELETE";
        }
        return null;
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = OpenApiContractTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return MAPPER.readTree(in);
        }
    }
}
