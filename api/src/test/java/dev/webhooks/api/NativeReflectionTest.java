package dev.webhooks.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.webhooks.api.error.Problem;
import dev.webhooks.core.error.FieldError;

/**
 * A native image keeps for reflection only what it is told to, and Jackson writes our records by reflection: a record
 * that is not registered comes out of a native function as {@code {}} or an error, and nothing in the JVM build shows
 * it. So this test lists the types the api writes as JSON by reflection, from the code itself, and checks that each is
 * in a {@link RegisterForReflection} list:
 * <ul>
 * <li>what JAX-RS resource methods return (and the types in their generic arguments);</li>
 * <li>our types a method builds (also by constructor reference), takes, or gets from one of our static factories when it hands
 * an entity to {@code Response.ok(..)} or {@code ResponseBuilder.entity(..)};</li>
 * <li>and, for each of those, the types of its fields, all the way down.</li>
 * </ul>
 * JSON trees ({@link JsonNode}) need no reflection and are left out, as are the JDK's types. The core and the
 * dispatcher write JSON only as trees (the dead letters, the parsed event, a transform's result, the delivery log's
 * documents), so the api's responses are where records meet Jackson. A new DTO that is not registered fails here with
 * its name ({@link #aResourceReturningAnUnregisteredRecordIsFound} shows it would). What it cannot see: a value typed
 * {@code Object} or as an interface, and properties that exist only as getters; the registrations the AWS SDK and
 * Quarkus make for themselves are theirs.
 */
class NativeReflectionTest {

    private static final Set<String> RESOURCE_METHODS = Set.of("jakarta.ws.rs.GET", "jakarta.ws.rs.POST",
            "jakarta.ws.rs.PUT", "jakarta.ws.rs.DELETE", "jakarta.ws.rs.PATCH");
    /** Where a response entity leaves our code for Jackson. */
    private static final Set<String> WRITES_JSON = Set.of(
            "jakarta.ws.rs.core.Response.ok", "jakarta.ws.rs.core.Response$ResponseBuilder.entity");

    @Test
    void everyTypeTheApiWritesByReflectionIsRegisteredForTheNativeImage() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.webhooks.api", "dev.webhooks.core");

        Set<String> written = writtenByReflection(main);

        assertThat(written).as("the api writes these by reflection (this test found them)")
                .contains(Problem.class.getName(), FieldError.class.getName());
        assertThat(written).as("written by reflection but in no @RegisterForReflection list: add them to "
                + "NativeReflection").isSubsetOf(registered(main));
    }

    @Test
    void aResourceReturningAnUnregisteredRecordIsFound() {
        JavaClasses sample = new ClassFileImporter().importClasses(UnregisteredSample.class,
                UnregisteredSample.Answer.class, UnregisteredSample.Part.class);

        assertThat(writtenByReflection(sample)).containsExactlyInAnyOrder(UnregisteredSample.Answer.class.getName(),
                UnregisteredSample.Part.class.getName());
        assertThat(registered(sample)).isEmpty();
    }

    /** A resource as a new feature might add it, returning a record that nobody registered. */
    static final class UnregisteredSample {
        record Part(String name) {
        }

        record Answer(List<Part> parts) {
        }

        @jakarta.ws.rs.GET
        Answer answer() {
            return new Answer(List.of(new Part("x")));
        }
    }

    static Set<String> writtenByReflection(JavaClasses classes) {
        Deque<JavaClass> found = new ArrayDeque<>();
        for (JavaClass javaClass : classes) {
            for (JavaMethod method : javaClass.getMethods()) {
                if (method.getAnnotations().stream()
                        .anyMatch(annotation -> RESOURCE_METHODS.contains(annotation.getRawType().getName()))) {
                    addWithTypeArguments(method.getReturnType(), found);
                }
            }
            for (JavaCodeUnit codeUnit : javaClass.getCodeUnits()) {
                boolean writesJson = codeUnit.getMethodCallsFromSelf().stream().anyMatch(call -> WRITES_JSON.contains(
                        call.getTarget().getOwner().getName() + "." + call.getTarget().getName()));
                if (writesJson) {
                    // What the entity may be: built here (new, or a constructor reference), returned by one of our
                    // static factories called here ({@code View.from(x)}), or handed in. (Instance calls are the use
                    // cases, whose domain results the resources turn into trees.)
                    codeUnit.getConstructorCallsFromSelf().forEach(call -> found.add(call.getTargetOwner()));
                    codeUnit.getConstructorReferencesFromSelf().forEach(ref -> found.add(ref.getTargetOwner()));
                    codeUnit.getMethodCallsFromSelf().stream()
                            .filter(call -> call.getTargetOwner().getPackageName().startsWith("dev.webhooks."))
                            .forEach(call -> call.getTarget().resolveMember()
                                    .filter(target -> target.getModifiers().contains(JavaModifier.STATIC))
                                    .ifPresent(target -> addWithTypeArguments(target.getReturnType(), found)));
                    codeUnit.getParameterTypes().forEach(type -> addWithTypeArguments(type, found));
                }
            }
        }
        Set<String> written = new TreeSet<>();
        while (!found.isEmpty()) {
            JavaClass type = found.pop();
            if (isOurDataType(type) && written.add(type.getName())) {
                for (JavaField field : type.getFields()) {
                    if (!field.getModifiers().contains(JavaModifier.STATIC)) {
                        addWithTypeArguments(field.getType(), found);
                    }
                }
            }
        }
        return written;
    }

    /** Our own classes that Jackson would write field by field: not trees, errors, enums, interfaces or resources. */
    private static boolean isOurDataType(JavaClass type) {
        return type.getPackageName().startsWith("dev.webhooks.") && !type.isAssignableTo(JsonNode.class)
                && !type.isAssignableTo(Throwable.class) && !type.isEnum() && !type.isInterface()
                && type.getMethods().stream().noneMatch(method -> method.getAnnotations().stream()
                        .anyMatch(a -> RESOURCE_METHODS.contains(a.getRawType().getName())));
    }

    private static void addWithTypeArguments(JavaType type, Deque<JavaClass> found) {
        found.add(type.toErasure());
        if (type instanceof JavaParameterizedType parameterized) {
            parameterized.getActualTypeArguments().forEach(argument -> addWithTypeArguments(argument, found));
        }
    }

    /** The classes named by {@code @RegisterForReflection} (its targets and class names, or the class it is on). */
    static Set<String> registered(JavaClasses classes) {
        Set<String> registered = new TreeSet<>();
        for (JavaClass javaClass : classes) {
            for (JavaAnnotation<JavaClass> annotation : javaClass.getAnnotations()) {
                if (!annotation.getRawType().isEquivalentTo(RegisterForReflection.class)) {
                    continue;
                }
                if (Boolean.FALSE.equals(annotation.get("methods").orElse(true))
                        || Boolean.FALSE.equals(annotation.get("fields").orElse(true))) {
                    continue; // Jackson needs the accessors and the fields: a partial registration does not count.
                }
                JavaClass[] targets = (JavaClass[]) annotation.get("targets").orElse(new JavaClass[0]);
                String[] names = (String[]) annotation.get("classNames").orElse(new String[0]);
                for (JavaClass target : targets) {
                    registered.add(target.getName());
                }
                registered.addAll(List.of(names));
                if (targets.length == 0 && names.length == 0) {
                    registered.add(javaClass.getName());
                }
            }
        }
        return registered;
    }
}
