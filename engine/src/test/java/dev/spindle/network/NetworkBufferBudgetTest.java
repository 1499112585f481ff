package dev.spindle.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.config.MemorySize;
import dev.spindle.config.NetworkOptions;
import dev.spindle.core.JobExecutionException;
import dev.spindle.network.NetworkBufferBudget.InsufficientNetworkBuffersException;
import org.junit.jupiter.api.Test;

/** The fixed network memory of a process, and the pools that draw from it. */
class NetworkBufferBudgetTest {

    @Test
    void theBudgetIsTheFractionOfTheProcessWithinMinAndMax() {
        Configuration c = new Configuration();
        c.set(ClusterOptions.TASK_MANAGER_MEMORY, MemorySize.ofMebiBytes(2048));
        assertEquals(
                (int) (2048L * 1024 * 1024 / 10 / 32768),
                NetworkBufferBudget.fromConfig(c, 32768).total());

        c.set(ClusterOptions.TASK_MANAGER_MEMORY, MemorySize.ofMebiBytes(256));
        assertEquals(
                64 * 1024 * 1024 / 32768,
                NetworkBufferBudget.fromConfig(c, 32768).total(),
                "the minimum");

        c.set(NetworkOptions.NETWORK_MAX, MemorySize.ofMebiBytes(32));
        c.set(NetworkOptions.NETWORK_MIN, MemorySize.ofMebiBytes(16));
        assertEquals(
                (int) (256L * 1024 * 1024 / 10 / 32768),
                NetworkBufferBudget.fromConfig(c, 32768).total(),
                "10 % of 256m lies between 16m and 32m");

        c.set(NetworkOptions.NETWORK_MIN, MemorySize.ofMebiBytes(64));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkBufferBudget.fromConfig(c, 32768))
                .getMessage()
                .contains("taskmanager.memory.network.min (64m) is above taskmanager.memory.network.max"));
    }

    @Test
    void poolsReserveTheirMaximumUntilDestroyedOnce() throws Exception {
        NetworkBufferBudget budget = new NetworkBufferBudget(10, 1024);
        BufferPool a = new BufferPool(6, 1024, null, budget, "a");
        assertEquals(4, budget.available());

        InsufficientNetworkBuffersException e = assertThrows(
                InsufficientNetworkBuffersException.class,
                () -> new BufferPool(5, 1024, null, budget, "the output of x"));
        assertTrue(
                e.getMessage()
                        .startsWith("not enough network buffers for the output of x: it needs 5, 4 of 10 are free"),
                e.getMessage());
        assertEquals(4, budget.available(), "a refused pool takes nothing");

        Buffer held = a.request();
        a.destroy();
        a.destroy();
        held.recycle();
        assertEquals(10, budget.available());
        new BufferPool(10, 1024, null, budget, "b");
        assertEquals(0, budget.available());
    }

    @Test
    void aJobWhoseExchangesDoNotFitFailsNamingTheOptions() {
        Configuration c = new Configuration();
        c.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        c.set(NetworkOptions.NETWORK_MIN, MemorySize.parse("64k"));
        c.set(NetworkOptions.NETWORK_MAX, MemorySize.parse("64k"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(c);
        env.fromSequence(1, 100).keyBy(i -> i % 2).sum(0).addSink(v -> {});

        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("too little memory"));
        Throwable cause = e.getCause();
        assertInstanceOf(InsufficientNetworkBuffersException.class, cause, String.valueOf(cause));
        assertTrue(cause.getMessage().contains("raise taskmanager.memory.network.fraction"), cause.getMessage());
    }
}
