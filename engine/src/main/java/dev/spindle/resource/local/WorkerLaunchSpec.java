package dev.spindle.resource.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a worker process: its JVM's main class and classpath, extra JVM options,
 * environment and arguments, and the directory under which each worker gets its own working
 * directory (with its log). The driver adds the worker's id and size.
 *
 * @param javaExecutable path of the {@code java} command
 * @param mainClass the worker's main class
 * @param classpath its classpath
 * @param jvmOptions extra JVM options
 * @param environment extra environment variables (secrets go in files named here, never in arguments)
 * @param arguments arguments after the ones the driver adds
 * @param workDirectory parent of the workers' directories
 */
public record WorkerLaunchSpec(
        Path javaExecutable,
        String mainClass,
        String classpath,
        List<String> jvmOptions,
        Map<String, String> environment,
        List<String> arguments,
        Path workDirectory) {

    public WorkerLaunchSpec {
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(classpath, "classpath");
        Objects.requireNonNull(workDirectory, "workDirectory");
        jvmOptions = List.copyOf(jvmOptions);
        environment = Map.copyOf(environment);
        arguments = List.copyOf(arguments);
    }

    /** This spec with other {@code arguments}. */
    public WorkerLaunchSpec withArguments(List<String> newArguments) {
        return new WorkerLaunchSpec(
                javaExecutable, mainClass, classpath, jvmOptions, environment, newArguments, workDirectory);
    }

    /** The {@code java} of the JVM this runs in. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
