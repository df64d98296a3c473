package dev.llmgateway.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module graph across jars (this module sees them all): providers build on the SPI only and
 * never reach into the client; the SPI reaches into nothing of ours above it.
 */
class ModuleBoundariesTest {
  private static final JavaClasses ALL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.llmgateway");

  /** gateway-core's packages. */
  private static final String[] CORE = {
    "dev.llmgateway",
    "dev.llmgateway.budget..",
    "dev.llmgateway.cache..",
    "dev.llmgateway.pricing..",
    "dev.llmgateway.ratelimit..",
    "dev.llmgateway.routing..",
    "dev.llmgateway.usage..",
    "dev.llmgateway.internal.."
  };

  @Test
  void theImportSeesEveryModule() {
    assertThat(ALL.containPackage("dev.llmgateway.provider.openai")).isTrue();
    assertThat(ALL.containPackage("dev.llmgateway.provider.bedrock")).isTrue();
    assertThat(ALL.containPackage("dev.llmgateway.internal.attempt")).isTrue();
  }

  @Test
  void providersNeverImportCore() {
    noClasses()
        .that()
        .resideInAPackage("dev.llmgateway.provider..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CORE)
        .check(ALL);
  }

  @Test
  void theSpiImportsNeitherCoreNorProviders() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.llmgateway.spi..", "dev.llmgateway.model..", "dev.llmgateway.error..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat(CORE, "dev.llmgateway.provider.."))
        .check(ALL);
  }

  @Test
  void theTestKitDoesNotDependOnCore() {
    noClasses()
        .that()
        .resideInAPackage("dev.llmgateway.testkit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CORE)
        .check(ALL);
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
