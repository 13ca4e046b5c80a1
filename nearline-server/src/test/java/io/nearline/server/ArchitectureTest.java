package io.nearline.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.nearline.drills.probe.Probe;
import io.nearline.recovery.spi.RecoveryConnector;
import io.nearline.recovery.spi.RecoveryConnectors;
import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.Connectors;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries the design draws, checked on every build. */
class ArchitectureTest {
  private static JavaClasses product;
  private static JavaClasses everything;

  @BeforeAll
  static void load() {
    product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.nearline");
    everything = new ClassFileImporter().importPackages("io.nearline");
  }

  /** A connector is its packages: the shadow connector's and the recovery connector's. */
  private static List<String> packagesOf(String kind) {
    List<String> packages = new ArrayList<>();
    for (ApplicationConnector c : Connectors.all()) {
      if (c.kind().equals(kind)) {
        packages.add(c.getClass().getPackageName() + "..");
      }
    }
    for (RecoveryConnector c : RecoveryConnectors.all()) {
      if (c.kind().equals(kind)) {
        packages.add(c.getClass().getPackageName() + "..");
      }
    }
    // A drill probe for this application alone is part of its connector too.
    for (Probe p : ServiceLoader.load(Probe.class)) {
      if (p.applications().equals(Set.of(kind))) {
        packages.add(p.getClass().getPackageName() + "..");
      }
    }
    return packages;
  }

  @Test
  void shouldKeepEachConnectorsClassesToItself() {
    for (ApplicationConnector connector : Connectors.all()) {
      String[] own = packagesOf(connector.kind()).toArray(String[]::new);
      noClasses().that().resideOutsideOfPackages(own)
          .should().dependOnClassesThat().resideInAnyPackage(own)
          .because("the engine finds a connector by its kind and never names it")
          .check(product);
    }
  }

  @Test
  void shouldRunProgramsOnlyThroughTheOneRunner() {
    noClasses().that().resideOutsideOfPackage("io.nearline.common.process..")
        .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
        .orShould().callMethod(Runtime.class, "exec", String.class)
        .orShould().callMethod(Runtime.class, "exec", String[].class)
        .because("Program declares, bounds and times out every program Nearline runs")
        .check(everything);
  }

  @Test
  void shouldPointDependenciesOneWay() {
    noClasses().that().resideInAnyPackage("io.nearline.shadow..", "io.nearline.directory..")
        .should().dependOnClassesThat().resideInAnyPackage("io.nearline.recovery..",
            "io.nearline.services..", "io.nearline.server..", "io.nearline.wizard..",
            "io.nearline.drills..")
        .check(product);
    noClasses().that().resideInAPackage("io.nearline.recovery..")
        .should().dependOnClassesThat().resideInAnyPackage("io.nearline.services..",
            "io.nearline.server..", "io.nearline.wizard..", "io.nearline.drills..")
        .check(product);
    noClasses().that().resideInAnyPackage("io.nearline.services..", "io.nearline.wizard..",
            "io.nearline.drills..")
        .should().dependOnClassesThat().resideInAPackage("io.nearline.server..")
        .because("the console and the drills call the services in process, never the server's "
            + "classes or its HTTP API")
        .check(product);
  }

  @Test
  void shouldKeepTheShadowSpiFreeOfServerCatalogAndHttpTypes() {
    noClasses().that().resideInAPackage("io.nearline.shadow")
        .should().dependOnClassesThat().resideInAnyPackage("io.nearline.shadow.store..",
            "java.sql..", "org.jdbi..", "io.javalin..", "jakarta.servlet..")
        .check(product);
  }
}
