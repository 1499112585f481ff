package dev.spindle.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** yarn-client's layering, checked on its compiled classes (tests excluded). */
@AnalyzeClasses(packages = "dev.spindle.client", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package is a slice: no package may reach itself through the packages it uses. */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.spindle.(**)").should().beFreeOfCycles();

    /**
     * The local YARN cluster is a development tool with Hadoop's unshaded jars: the client only
     * finds a running one (its layout), and never loads the rest.
     */
    @ArchTest
    static final ArchRule localYarnOnlyToFindACluster = noClasses()
            .that()
            .doNotHaveFullyQualifiedName("dev.spindle.client.yarn.YarnConfLocator")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.spindle.localyarn..");
}
