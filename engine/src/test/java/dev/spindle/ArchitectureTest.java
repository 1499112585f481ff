package dev.spindle;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine's layering, checked on its compiled classes (tests excluded): shared types at the
 * bottom ({@code core}), the API above them, the runtime, JobManager and cluster processes above
 * the API, nothing of YARN anywhere, Hadoop's FileSystem only in the checkpoint storage, the HA
 * storage and the job result store, ZooKeeper only in the HA services. A package cycle or an import
 * against the layers fails the build here instead of growing unseen.
 */
@AnalyzeClasses(packages = "dev.spindle", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package is a slice: no package may reach itself through the packages it uses. */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.spindle.(**)").should().beFreeOfCycles();

    /** The engine runs anywhere: YARN code lives in yarn-am and yarn-client (the build bans their jars too). */
    @ArchTest
    static final ArchRule noYarnModules = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.apache.hadoop.yarn..",
                    "dev.spindle.yarn..",
                    "dev.spindle.client..",
                    "dev.spindle.localyarn..");

    /**
     * Hadoop Common's FileSystem is the checkpoint storage's, the HA storage's, the job result
     * store's and the job archives' ({@code JobArchives}), behind their own types; nothing else sees Hadoop.
     */
    @ArchTest
    static final ArchRule hadoopOnlyInCheckpointStorage = noClasses()
            .that()
            .resideOutsideOfPackages(
                    "dev.spindle.checkpoint",
                    "dev.spindle.ha",
                    "dev.spindle.ha.zookeeper",
                    "dev.spindle.history.archive")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.apache.hadoop..");

    /** ZooKeeper and Curator stay behind the HA interfaces: the rest of the engine sees dev.spindle.ha only. */
    @ArchTest
    static final ArchRule zooKeeperOnlyInHa = noClasses()
            .that()
            .resideOutsideOfPackage("dev.spindle.ha..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.curator..", "org.apache.zookeeper..");

    /** What a program compiles against knows nothing of how or where it runs. */
    @ArchTest
    static final ArchRule apiIndependentOfExecution = noClasses()
            .that()
            .resideInAPackage("dev.spindle.api..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.spindle.runtime..",
                    "dev.spindle.jobmanager..",
                    "dev.spindle.cluster..",
                    "dev.spindle.resource..",
                    "dev.spindle.rpc..",
                    "dev.spindle.network..",
                    "dev.spindle.rest..",
                    "dev.spindle.program..");

    /** The types every layer shares depend on no other part of Spindle. */
    @ArchTest
    static final ArchRule coreDependsOnNothing = noClasses()
            .that()
            .resideInAPackage("dev.spindle.core")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.spindle..").and(not(resideInAPackage("dev.spindle.core"))));

    /** The executor contracts see the shared types, the configuration and the job graph they run, no more. */
    @ArchTest
    static final ArchRule coreExecutionBelowApiAndRuntime = noClasses()
            .that()
            .resideInAPackage("dev.spindle.core..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.spindle..")
                    .and(not(resideInAnyPackage("dev.spindle.core..", "dev.spindle.config", "dev.spindle.graph"))));
}
