package dev.spindle.api.operators;

import java.io.IOException;

/**
 * An operator that needs one step on the coordinating side before any of its tasks runs, such
 * as a file sink preparing its output directory. The job master calls it on its own
 * deserialized copy of the operator, once per job.
 */
public interface GlobalInitHook {
    void initializeGlobal(int parallelism) throws IOException;
}
