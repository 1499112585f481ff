package dev.spindle.resource.local;

import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.ResourceDriverContractTest;
import dev.spindle.resource.WorkerId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The local process driver against the driver contract, with a worker that only idles. */
class LocalProcessDriverIT extends ResourceDriverContractTest {
    @TempDir
    Path dir;

    private LocalProcessDriver local;

    @Override
    protected ResourceDriver createDriver() {
        local = new LocalProcessDriver(new WorkerLaunchSpec(
                WorkerLaunchSpec.currentJava(),
                IdleWorker.class.getName(),
                System.getProperty("java.class.path"),
                List.of("-Xshare:auto"),
                Map.of(),
                List.of(),
                dir));
        return local;
    }

    @Override
    protected boolean isRunning(WorkerId worker) {
        Process p = local.processOf(worker);
        return p != null && p.isAlive();
    }

    @Override
    protected void killExternally(WorkerId worker) throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(local.processOf(worker).pid()))
                .start()
                .waitFor();
    }

    /** A worker that does nothing until it is stopped. */
    public static final class IdleWorker {
        private IdleWorker() {}

        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
