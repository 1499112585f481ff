package dev.spindle.core.execution;

import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Finds a target's {@link PipelineExecutorFactory} among those registered in
 * {@code META-INF/services/dev.spindle.core.execution.PipelineExecutorFactory} (as Flink's
 * {@code PipelineExecutorServiceLoader} does): the engine registers {@value #LOCAL}.
 */
public final class PipelineExecutorServiceLoader {
    /** The target that runs jobs in this JVM. */
    public static final String LOCAL = "local";

    private PipelineExecutorServiceLoader() {}

    /**
     * The factory of the target {@code name}. Looked up with the engine's own class loader: a
     * user jar that bundles the engine must not bring a second copy of the interface.
     *
     * @throws IllegalStateException when no factory of that name is registered
     */
    public static PipelineExecutorFactory factory(String name) {
        TreeSet<String> known = new TreeSet<>();
        for (PipelineExecutorFactory f :
                ServiceLoader.load(PipelineExecutorFactory.class, PipelineExecutorFactory.class.getClassLoader())) {
            if (f.name().equals(name)) {
                return f;
            }
            known.add(f.name());
        }
        throw new IllegalStateException("no executor for target '" + name + "' is registered (registered: " + known
                + "); is the engine's jar complete, with its META-INF/services entry?");
    }
}
