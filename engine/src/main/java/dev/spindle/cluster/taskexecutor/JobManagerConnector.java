package dev.spindle.cluster.taskexecutor;

import dev.spindle.cluster.gateway.JobManagerGateway;
import dev.spindle.cluster.gateway.RegistrationResponse;
import dev.spindle.cluster.gateway.TaskManagerRegistration;
import dev.spindle.ha.LeaderInformation;
import dev.spindle.network.ShuffleEnvironment;
import dev.spindle.rpc.RpcClient;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TaskManager's tie to the leading JobManager: registers with the leader it is told of, sends
 * heartbeats, and when the leader changes or falls silent, lets go of it (every task cancelled, every
 * job forgotten) and registers with the next one. A TaskManager that serves no leader for the
 * registration timeout gives up ({@code onGiveUp}, the process exits); so does one whose only
 * JobManager is gone when there is no high availability ({@code followsLeaders} false).
 *
 * <p>Every state change runs on the one thread of {@code control}; nothing here is touched elsewhere.
 */
final class JobManagerConnector {
    private static final Logger LOG = LoggerFactory.getLogger(JobManagerConnector.class);
    /** Wait between two registration tries with the same leader. */
    private static final long RETRY_MILLIS = 500;

    private final TaskExecutor executor;
    private final ShuffleEnvironment shuffle;
    private final RpcClient client;
    private final TaskManagerRegistration registration;
    private final ScheduledExecutorService control;
    private final long registrationTimeout;
    private final boolean followsLeaders;
    private final Runnable onGiveUp;

    /** The newest leader we were told of; null while none is known. */
    private LeaderInformation leader;
    /**
     * As {@link #leader}, but set at once by any thread: a registration with a leader that has gone
     * silent (suspended, cut off) gives up as soon as another leads, instead of blocking the control
     * thread, and with it the news of the new leader, for the whole registration timeout.
     */
    private volatile LeaderInformation newest;
    /** The leader served now; null while none is. */
    private Served served;

    private long unservedSince = System.currentTimeMillis();
    private long nextTry;
    private boolean gaveUp;

    private record Served(LeaderInformation leader, JobManagerGateway gateway, String token, long timeoutMillis) {}

    JobManagerConnector(
            TaskExecutor executor,
            ShuffleEnvironment shuffle,
            RpcClient client,
            TaskManagerRegistration registration,
            ScheduledExecutorService control,
            long registrationTimeout,
            boolean followsLeaders,
            Runnable onGiveUp) {
        this.executor = executor;
        this.shuffle = shuffle;
        this.client = client;
        this.registration = registration;
        this.control = control;
        this.registrationTimeout = registrationTimeout;
        this.followsLeaders = followsLeaders;
        this.onGiveUp = onGiveUp;
    }

    /** Starts the periodic work: heartbeats while a leader is served, registration tries while not. */
    void start(long tickMillis) {
        control.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** The leader changed (null: none is known); any thread. */
    void leaderChanged(LeaderInformation newLeader) {
        newest = newLeader;
        control.execute(() -> onLeader(newLeader));
    }

    /**
     * Registers with {@code first} now, on the calling thread, failing as the registration fails:
     * for a TaskManager whose JobManager is fixed, which exits when it cannot register.
     */
    void registerNow(LeaderInformation first) throws Exception {
        leader = first;
        newest = first;
        served = register(first);
    }

    private void onLeader(LeaderInformation newLeader) {
        leader = newLeader;
        if (served != null
                && (newLeader == null
                        || !newLeader.sessionId().equals(served.leader().sessionId()))) {
            letGo(
                    newLeader == null
                            ? "the JobManager's leadership is unknown (no leader, or the connection to ZooKeeper is suspended)"
                            : "a new JobManager leads at " + newLeader.rpcAddress());
        }
        nextTry = 0;
        tick();
    }

    private void tick() {
        if (gaveUp) {
            return;
        }
        long now = System.currentTimeMillis();
        if (served != null) {
            served.gateway().heartbeatFromTaskManager(registration.resourceId(), executor.freeSlots());
            long silent = now - executor.lastJobManagerHeartbeat();
            if (silent > served.timeoutMillis()) {
                letGo("no heartbeat from the JobManager at " + served.leader().rpcAddress() + " for " + silent + " ms");
                if (!followsLeaders) {
                    giveUp();
                    return;
                }
            } else {
                return;
            }
        }
        if (now - unservedSince > registrationTimeout) {
            LOG.error(
                    "TaskManager {} served no JobManager for {} ms (taskmanager.registration.timeout); giving up",
                    registration.resourceId(),
                    now - unservedSince);
            giveUp();
            return;
        }
        if (leader != null && now >= nextTry) {
            try {
                served = register(leader);
            } catch (Exception e) {
                nextTry = now + RETRY_MILLIS;
                LOG.warn(
                        "TaskManager {} could not register with the JobManager at {} (will retry): {}",
                        registration.resourceId(),
                        leader.rpcAddress(),
                        e.toString());
            }
        }
    }

    private Served register(LeaderInformation target) throws Exception {
        InetSocketAddress address = parse(target.rpcAddress());
        JobManagerGateway jm =
                await(client.connect(address, JobManagerGateway.ENDPOINT, JobManagerGateway.class), target);
        RegistrationResponse response = await(jm.registerTaskManager(registration), target);
        if (!response.accepted()) {
            throw new IllegalStateException(
                    "the JobManager refused TaskManager " + registration.resourceId() + ": " + response.reason());
        }
        executor.connect(shuffle, jm, response.fencingToken());
        LOG.info("TaskManager {} registered with the JobManager at {}", registration.resourceId(), address);
        return new Served(target, jm, response.fencingToken(), response.heartbeatTimeoutMillis());
    }

    /**
     * The answer of {@code call}, at most {@code taskmanager.registration.timeout}; following leaders,
     * given up as soon as a leader other than {@code target} is known.
     */
    private <T> T await(CompletableFuture<T> call, LeaderInformation target) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(registrationTimeout);
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                return call.get(Math.max(1, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100))), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LeaderInformation now = newest;
                if (followsLeaders && now != null && !now.sessionId().equals(target.sessionId())) {
                    call.cancel(false);
                    throw new IllegalStateException("a new JobManager leads at " + now.rpcAddress());
                }
                if (left <= 0) {
                    throw e;
                }
            }
        }
    }

    private void letGo(String reason) {
        LOG.warn(
                "TaskManager {} lets go of the JobManager at {}: {}; cancelling all tasks",
                registration.resourceId(),
                served.leader().rpcAddress(),
                reason);
        executor.disconnectJobManager();
        served = null;
        unservedSince = System.currentTimeMillis();
    }

    private void giveUp() {
        gaveUp = true;
        executor.cancelAll();
        onGiveUp.run();
    }

    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("not a host:port address: " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
