package dev.spindle.yarn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * yarn-am's layering, checked on its compiled classes (tests excluded): what runs in the cluster
 * (ApplicationMaster, YARN TaskManagers) never needs the client, so that the client can change
 * without touching the cluster's jars.
 */
@AnalyzeClasses(packages = "dev.spindle.yarn", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package is a slice: no package may reach itself through the packages it uses. */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.spindle.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingOfTheClient = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.spindle.client..", "dev.spindle.localyarn..");
}
