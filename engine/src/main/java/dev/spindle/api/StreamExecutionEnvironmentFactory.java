package dev.spindle.api;

/** Makes the environment that {@link StreamExecutionEnvironment#getExecutionEnvironment()} returns. */
@FunctionalInterface
public interface StreamExecutionEnvironmentFactory {
    StreamExecutionEnvironment create();
}
