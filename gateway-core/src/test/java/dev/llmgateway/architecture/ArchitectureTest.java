package dev.llmgateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps gateway-core's shape: internal packages free of cycles and layered, public packages that
 * never show an internal type, and a module descriptor that exports only the public packages.
 */
class ArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.llmgateway");

  /** gateway-core's public packages: the module's exports. */
  private static final Set<String> PUBLIC =
      Set.of(
          "dev.llmgateway",
          "dev.llmgateway.budget",
          "dev.llmgateway.cache",
          "dev.llmgateway.config",
          "dev.llmgateway.pricing",
          "dev.llmgateway.ratelimit",
          "dev.llmgateway.routing",
          "dev.llmgateway.usage");

  @Test
  void internalPackagesAreFreeOfCycles() {
    slices()
        .matching("dev.llmgateway.internal.(*)..")
        .should()
        .beFreeOfCycles()
        .check(CORE.that(resideInCore()));
  }

  @Test
  void internalPackagesAreLayered() {
    // Lower layers never reach up: util <- spend, call... <- attempt <- pipeline <- engine.
    noClasses()
        .that()
        .resideInAPackage("dev.llmgateway.internal.util..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.llmgateway.internal.attempt..",
            "dev.llmgateway.internal.pipeline..",
            "dev.llmgateway.internal.engine..",
            "dev.llmgateway.internal.routing..",
            "dev.llmgateway.internal.resilience..")
        .check(CORE);
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.llmgateway.internal.engine..")
        .and()
        .resideInAPackage("dev.llmgateway.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.llmgateway.internal.engine..")
        .check(CORE);
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.llmgateway.internal.attempt..",
            "dev.llmgateway.internal.routing..",
            "dev.llmgateway.internal.resilience..",
            "dev.llmgateway.internal.stream..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.llmgateway.internal.pipeline..")
        .check(CORE);
  }

  @Test
  void publicPolicyPackagesUseNoInternalPolicy() {
    // The policy packages may use internal helpers without policy (util), nothing else inside.
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.llmgateway.budget..",
            "dev.llmgateway.cache..",
            "dev.llmgateway.config..",
            "dev.llmgateway.pricing..",
            "dev.llmgateway.ratelimit..",
            "dev.llmgateway.routing..",
            "dev.llmgateway.usage..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "are internal, other than internal.util",
                c ->
                    c.getPackageName().startsWith("dev.llmgateway.internal")
                        && !c.getPackageName().equals("dev.llmgateway.internal.util")))
        .check(CORE);
  }

  @Test
  void noPublicSignatureMentionsAnInternalType() {
    classes()
        .that()
        .resideInAnyPackage(PUBLIC.toArray(String[]::new))
        .and()
        .arePublic()
        .should(exposeNoInternalType())
        .check(CORE);
  }

  @Test
  void theModuleExportsExactlyThePublicPackagesAndOpensNone() throws IOException {
    Path descriptor = Path.of("target/classes/module-info.class");
    assertThat(descriptor).exists();
    ModuleDescriptor module;
    try (InputStream in = Files.newInputStream(descriptor)) {
      module = ModuleDescriptor.read(in);
    }
    assertThat(module.name()).isEqualTo("dev.llmgateway.core");
    Set<String> exported = new TreeSet<>();
    for (ModuleDescriptor.Exports e : module.exports()) {
      assertThat(e.isQualified()).as("export of %s is qualified", e.source()).isFalse();
      exported.add(e.source());
    }
    assertThat(exported).isEqualTo(new TreeSet<>(PUBLIC));
    assertThat(module.opens()).isEmpty();
    assertThat(module.isOpen()).isFalse();
    assertThat(module.uses()).contains("dev.llmgateway.spi.ProviderFactory");
  }

  private static DescribedPredicate<JavaClass> resideInCore() {
    return DescribedPredicate.describe(
        "reside in gateway-core", c -> c.getPackageName().startsWith("dev.llmgateway"));
  }

  /** Public and protected members of a public class mention no type of an internal package. */
  private static ArchCondition<JavaClass> exposeNoInternalType() {
    return new ArchCondition<>("expose no internal type in a public signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        for (JavaMember m : c.getMembers()) {
          if (!m.getModifiers().contains(JavaModifier.PUBLIC)
              && !m.getModifiers().contains(JavaModifier.PROTECTED)) {
            continue;
          }
          for (JavaClass t : signatureTypes(m)) {
            if (t.getPackageName().startsWith("dev.llmgateway.internal")) {
              events.add(
                  SimpleConditionEvent.violated(
                      m, m.getFullName() + " mentions internal type " + t.getName()));
            }
          }
        }
      }
    };
  }

  /** The types a member's signature names: field type, return, parameters, thrown types. */
  private static Set<JavaClass> signatureTypes(JavaMember m) {
    Set<JavaClass> types = new java.util.HashSet<>();
    if (m instanceof JavaField f) {
      types.add(f.getRawType());
      types.addAll(f.getType().getAllInvolvedRawTypes());
    } else if (m instanceof JavaCodeUnit u) {
      types.add(u.getRawReturnType());
      types.addAll(u.getReturnType().getAllInvolvedRawTypes());
      types.addAll(u.getRawParameterTypes());
      u.getParameterTypes().forEach(p -> types.addAll(p.getAllInvolvedRawTypes()));
      u.getThrowsClause().getTypes().forEach(types::add);
    }
    return types;
  }
}
