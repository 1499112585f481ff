package dev.spindle.localyarn;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * local-yarn's layering, checked on its compiled classes (tests excluded): a development tool
 * that stands alone, so that Spindle's modules and Hadoop's unshaded jars never meet in one
 * classpath through it.
 */
@AnalyzeClasses(packages = "dev.spindle.localyarn", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package is a slice: no package may reach itself through the packages it uses. */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.spindle.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingOfSpindlesOtherModules = noClasses()
            .should()
            .dependOnClassesThat(
                    resideInAPackage("dev.spindle..").and(not(resideInAPackage("dev.spindle.localyarn.."))));
}
