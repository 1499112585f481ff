package dev.spindle.core.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.config.Configuration;
import dev.spindle.runtime.local.LocalExecutor;
import dev.spindle.runtime.local.LocalExecutorFactory;
import org.junit.jupiter.api.Test;

/** The engine's own registration, the one a local environment relies on. */
class PipelineExecutorServiceLoaderTest {

    @Test
    void localTargetIsRegisteredByTheEngine() {
        PipelineExecutorFactory factory = PipelineExecutorServiceLoader.factory(PipelineExecutorServiceLoader.LOCAL);

        assertInstanceOf(LocalExecutorFactory.class, factory);
        assertInstanceOf(LocalExecutor.class, factory.getExecutor(new Configuration()));
    }

    @Test
    void unknownTargetNamesTheRegisteredOnes() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> PipelineExecutorServiceLoader.factory("mars"));

        assertEquals(
                "no executor for target 'mars' is registered (registered: [local]); is the engine's jar "
                        + "complete, with its META-INF/services entry?",
                e.getMessage());
    }
}
