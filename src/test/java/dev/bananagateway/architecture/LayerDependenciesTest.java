package dev.bananagateway.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.bananagateway.api.ApiException;
import dev.bananagateway.api.Problem;
import dev.bananagateway.lifecycle.LayerViolationFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What each layer may depend on (README, "Layers"), checked on the compiled production classes:
 * those whose source file is in {@code src/main/java}. The local stack compiles into the same
 * folder in the default build, so it is left out of the import by source folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayerDependenciesTest {

    private static final String LIFECYCLE = "dev.bananagateway.lifecycle..";
    private static final String ROUTING = "dev.bananagateway.routing..";
    private static final String TASK = "dev.bananagateway.task..";
    private static final String PROVIDER = "dev.bananagateway.provider..";

    /** Services answer with outcomes or domain exceptions; status codes, problems and Lambda events stay at the edge. */
    static final ArchRule SERVICES_SPEAK_NO_HTTP = noClasses()
            .that().resideInAnyPackage(LIFECYCLE, ROUTING, TASK, PROVIDER)
            .should().dependOnClassesThat(belongToAnyOf(Problem.class, ApiException.class)
                    .or(resideInAnyPackage("dev.bananagateway.functions..", "com.amazonaws.services.lambda..")))
            .because("only functions/ turns outcomes into HTTP answers");

    /** Provider adapters call providers with the REST client; nothing else below the edge uses JAX-RS. */
    static final ArchRule NO_JAX_RS_IN_SERVICES = noClasses()
            .that().resideInAnyPackage(LIFECYCLE, ROUTING, TASK)
            .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
            .because("JAX-RS is the provider adapters' outbound HTTP client, not a service concern");

    /** The Lambda packages hold no local class, so no production class may need one. */
    static final ArchRule NO_LOCAL_STACK = noClasses()
            .should().dependOnClassesThat().resideInAPackage("dev.bananagateway.local..")
            .because("the local stack (src/local/java) is not in the Lambda packages");

    /** Each layer and what it may use; dependencies flow from the edge inwards only. */
    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("functions").definedBy("dev.bananagateway.functions..")
            .layer("api").definedBy("dev.bananagateway.api..")
            .layer("lifecycle").definedBy(LIFECYCLE)
            .layer("routing").definedBy(ROUTING)
            .layer("task").definedBy(TASK)
            .layer("provider").definedBy(PROVIDER)
            .layer("media").definedBy("dev.bananagateway.media..")
            .layer("model").definedBy("dev.bananagateway.model..")
            .layer("config").definedBy("dev.bananagateway.config..")
            .layer("observability").definedBy("dev.bananagateway.observability..")
            .whereLayer("functions").mayOnlyAccessLayers("api", "lifecycle", "routing", "task", "provider", "model",
                    "config", "observability", "media")
            .whereLayer("api").mayOnlyAccessLayers("task", "provider", "model", "config")
            .whereLayer("lifecycle").mayOnlyAccessLayers("routing", "task", "provider", "model", "config",
                    "observability", "media")
            .whereLayer("routing").mayOnlyAccessLayers("task", "provider", "model", "config")
            .whereLayer("task").mayOnlyAccessLayers("model", "config")
            .whereLayer("provider").mayOnlyAccessLayers("model", "config")
            .whereLayer("media").mayOnlyAccessLayers("model", "config")
            .whereLayer("model").mayNotAccessAnyLayer()
            .whereLayer("config").mayNotAccessAnyLayer()
            .whereLayer("observability").mayOnlyAccessLayers("config");

    static final List<ArchRule> RULES = List.of(SERVICES_SPEAK_NO_HTTP, NO_JAX_RS_IN_SERVICES, NO_LOCAL_STACK, LAYERS);

    /** The production classes and the fixture, imported once; {@link #main} leaves the fixture out. */
    private final JavaClasses withFixture = new ClassFileImporter().importClasses(Stream.concat(
            ApplicationClasses.main().stream().map(ApplicationClasses::load),
            Stream.of(LayerViolationFixture.class)).toList());
    private final JavaClasses main = withFixture.that(not(belongToAnyOf(LayerViolationFixture.class)));

    @Test
    void theImportHoldsTheProductionClassesAndNoLocalOne() {
        assertTrue(main.size() > 100, "production classes imported: " + main.size());
        assertTrue(main.contain("dev.bananagateway.lifecycle.SubmitService"));
        assertTrue(main.contain("dev.bananagateway.functions.SubmitFunction"));
        assertTrue(main.stream().noneMatch(c -> c.getPackageName().startsWith("dev.bananagateway.local")),
                "local stack classes were imported");
    }

    @Test
    void theProductionClassesKeepEveryRule() {
        RULES.forEach(rule -> rule.check(main));
    }

    /** Each rule, run on the production classes plus a lifecycle class that breaks it, reports that class. */
    @Test
    void eachRuleReportsADeliberateViolation() {
        assertReports(SERVICES_SPEAK_NO_HTTP, withFixture, "dev.bananagateway.api.Problem",
                "dev.bananagateway.api.ApiException", "dev.bananagateway.functions.SubmitFunction",
                "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent");
        assertReports(NO_JAX_RS_IN_SERVICES, withFixture, "jakarta.ws.rs.core.Response");
        assertReports(NO_LOCAL_STACK, withFixture, "dev.bananagateway.local.LocalApi");
        assertReports(LAYERS, withFixture, "dev.bananagateway.api.Problem", "dev.bananagateway.api.ApiException",
                "dev.bananagateway.api.RequestParser", "dev.bananagateway.functions.SubmitFunction");
    }

    private static void assertReports(ArchRule rule, JavaClasses classes, String... forbidden) {
        EvaluationResult result = rule.evaluate(classes);
        assertTrue(result.hasViolation(), "no violation reported by: " + rule.getDescription());
        List<String> details = result.getFailureReport().getDetails();
        List<String> notFromFixture = new ArrayList<>();
        for (String detail : details) {
            if (!detail.contains(LayerViolationFixture.class.getName())) {
                notFromFixture.add(detail);
            }
        }
        assertEquals(List.of(), notFromFixture, "only the fixture breaks " + rule.getDescription());
        for (String type : forbidden) {
            assertTrue(details.stream().anyMatch(d -> d.contains("<" + type + ">")),
                    rule.getDescription() + " did not report " + type + ":\n" + String.join("\n", details));
        }
    }
}
