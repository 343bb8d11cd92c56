package com.qrrouter.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.TryCatchBlock;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@code docs/architecture.md} ("Rules the build enforces") that a reviewer would otherwise have to
 * remember, checked on the compiled classes of every module. Each rule says why it exists in its failure message.
 */
class ArchitectureTest {

    /** The modules whose classes are checked, as folders beside this one. */
    static final List<String> MODULES =
            List.of("pipeline-settings", "schemas", "router-function", "infra", "local", "e2e-tests");

    /** The only classes of the main code that read the process environment: one settings class per deployable. */
    static final Set<String> ENVIRONMENT_READERS = Set.of(
            "com.qrrouter.router.RouterSettings", // the router function's settings
            "com.qrrouter.infra.QrRouterApp"); // the CDK app's main

    /**
     * Where main code may catch {@code Exception} or {@code Throwable}: boundaries to code that declares {@code throws
     * Exception} or must not let anything escape, each with its reason. The key is {@code Class.method}.
     */
    static final Map<String, String> BROAD_CATCH_BOUNDARIES = Map.of(
            "com.qrrouter.local.LocalStack.close",
            "closing every part of the stack even when one fails (AutoCloseable.close throws Exception)");

    private static final Pattern TEST_NAME =
            Pattern.compile("[a-z][A-Za-z0-9]*_when[A-Z][A-Za-z0-9]*_[a-z][A-Za-z0-9]*");
    private static final Pattern INTERNAL_PACKAGE =
            Pattern.compile("com\\.qrrouter\\.([a-z]+)(\\.[a-z0-9.]+)?\\.internal(\\..*)?");
    private static final Set<String> TEST_ANNOTATIONS = Set.of(
            "org.junit.jupiter.api.Test",
            "org.junit.jupiter.params.ParameterizedTest",
            "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestFactory",
            "org.junit.jupiter.api.TestTemplate",
            "net.jqwik.api.Property");

    private static JavaClasses main;
    private static JavaClasses tests;

    @BeforeAll
    static void importClasses() {
        main = importFolders("classes");
        tests = importFolders("test-classes");
    }

    @Test
    void moduleClasses_whenTheyUseAnotherModule_useOnlyItsPublicPackages() {
        classes()
                .should(new ArchCondition<JavaClass>("use no internal package of another module") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        String from = module(origin.getPackageName());
                        origin.getDirectDependenciesFromSelf().forEach(dependency -> {
                            Matcher target = INTERNAL_PACKAGE.matcher(
                                    dependency.getTargetClass().getPackageName());
                            if (target.matches() && !target.group(1).equals(from)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        });
                    }
                })
                .because("a module's internal package is its own to change (docs/architecture.md)")
                .check(main.that(inQrRouter()));
    }

    @Test
    void publicTypes_whenTheyDeclarePublicMembers_exposeNoInternalType() {
        codeUnits()
                .that(arePublicApi())
                .should(new ArchCondition<JavaCodeUnit>("take and return no type of an internal package") {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        List<JavaClass> types = new ArrayList<>(unit.getRawParameterTypes());
                        if (unit instanceof JavaMethod method) {
                            types.add(method.getRawReturnType());
                        }
                        types.stream()
                                .filter(type -> type.getPackageName().contains(".internal"))
                                .forEach(type -> events.add(SimpleConditionEvent.violated(
                                        unit, unit.getFullName() + " exposes " + type.getName())));
                    }
                })
                .because("a public signature that hands out an internal type makes it part of the API")
                .check(main.that(inQrRouter()));
        List<String> publicInternalFields = new ArrayList<>();
        for (JavaClass type : main.that(inQrRouter())) {
            for (JavaField field : type.getFields()) {
                if (isPublicApi(type)
                        && field.getModifiers().contains(JavaModifier.PUBLIC)
                        && field.getRawType().getPackageName().contains(".internal")) {
                    publicInternalFields.add(field.getFullName());
                }
            }
        }
        if (!publicInternalFields.isEmpty()) {
            throw new AssertionError("Public fields of an internal type: " + publicInternalFields);
        }
    }

    @Test
    void mainCode_whenItReadsTheEnvironment_doesSoOnlyInTheSettingsClassOfItsDeployable() {
        noClasses()
                .that(inQrRouter())
                .and(DescribedPredicate.describe(
                        "are not a deployable's settings class",
                        (JavaClass type) -> !ENVIRONMENT_READERS.contains(type.getName())))
                .should()
                .callMethod(System.class, "getenv")
                .orShould()
                .callMethod(System.class, "getenv", String.class)
                .because("one place per deployable reads environment settings (STYLE.md, AWS SDK guidelines)")
                .check(main);
    }

    @Test
    void testMethods_whenAnnotatedAsTests_areNamedMethodWhenExpected() {
        methods()
                .that(DescribedPredicate.describe(
                        "are test methods",
                        (JavaMethod method) -> method.getAnnotations().stream()
                                .anyMatch(annotation -> TEST_ANNOTATIONS.contains(
                                        annotation.getRawType().getName()))))
                .should(new ArchCondition<JavaMethod>("be named method_whenCondition_expected") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        if (!TEST_NAME.matcher(method.getName()).matches()) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()));
                        }
                    }
                })
                .because("a test's name says what it calls, when, and what it expects (STYLE.md)")
                .check(tests);
    }

    @Test
    void mainCode_whenItCatchesEverything_doesSoOnlyAtADocumentedBoundary() {
        codeUnits()
                .that(DescribedPredicate.describe(
                        "are not a documented boundary",
                        (JavaCodeUnit unit) -> !BROAD_CATCH_BOUNDARIES.containsKey(
                                unit.getOwner().getName() + "." + unit.getName())))
                .should(new ArchCondition<JavaCodeUnit>("not catch Exception") {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        for (TryCatchBlock block : unit.getTryCatchBlocks()) {
                            for (JavaClass caught : block.getCaughtThrowables()) {
                                // Only Exception: javac compiles every try-with-resources to a catch of Throwable.
                                if (caught.isEquivalentTo(Exception.class)) {
                                    events.add(SimpleConditionEvent.violated(
                                            unit, unit.getFullName() + " catches " + caught.getSimpleName()));
                                }
                            }
                        }
                    }
                })
                .because("catching everything hides bugs as handled errors; a boundary that must is listed with its"
                        + " reason in BROAD_CATCH_BOUNDARIES")
                .check(main.that(inQrRouter()));
    }

    @Test
    void importClasses_whenTheBuildHasRun_findsEveryModule() {
        for (String module : MODULES) {
            if (!module.equals("e2e-tests")) {
                long count = main.stream()
                        .filter(type -> type.getSource()
                                .map(source -> source.getUri().toString().contains("/" + module + "/target/classes/"))
                                .orElse(false))
                        .count();
                if (count == 0) {
                    throw new AssertionError("No classes of " + module + " were checked");
                }
            }
        }
    }

    private static JavaClasses importFolders(String kind) {
        List<Path> folders = new ArrayList<>();
        for (String module : MODULES) {
            Path folder = Path.of("..", module, "target", kind);
            if (Files.isDirectory(folder)) {
                folders.add(folder);
            } else if (!(module.equals("e2e-tests") && kind.equals("classes"))) {
                throw new IllegalStateException(folder.toAbsolutePath() + " is missing: build the modules first, e.g."
                        + " ./mvnw -B -pl architecture -am verify");
            }
        }
        return new ClassFileImporter().importPaths(folders);
    }

    private static DescribedPredicate<JavaClass> inQrRouter() {
        return DescribedPredicate.describe(
                "are QR Router classes",
                (JavaClass type) -> type.getPackageName().startsWith("com.qrrouter"));
    }

    /** Members of public, non-internal types that are public or protected: the API a module hands out. */
    private static <T extends JavaMember> DescribedPredicate<T> arePublicApi() {
        return DescribedPredicate.describe(
                "are public API",
                (T member) -> isPublicApi(member.getOwner())
                        && (member.getModifiers().contains(JavaModifier.PUBLIC)
                                || member.getModifiers().contains(JavaModifier.PROTECTED)));
    }

    private static boolean isPublicApi(JavaClass type) {
        return type.getModifiers().contains(JavaModifier.PUBLIC)
                && type.getPackageName().startsWith("com.qrrouter")
                && !type.getPackageName().contains(".internal");
    }

    /** The module a package belongs to: the segment after {@code com.qrrouter}. */
    private static String module(String packageName) {
        String[] parts = packageName.split("\\.");
        return parts.length > 2 ? parts[2] : "";
    }
}
