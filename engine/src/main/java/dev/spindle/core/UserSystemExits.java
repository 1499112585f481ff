package dev.spindle.core;

import java.security.Permission;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps user code from ending a Spindle process with {@code System.exit} (Flink's
 * {@code cluster.intercept-user-system-exit}). User code runs with a mark on its thread
 * ({@link #runAsUserCode}); the mark is inherited by the threads it starts. Once
 * {@link #install installed} in a process, an exit called on a marked thread throws
 * {@link UserSystemExitException} (mode THROW) or is logged with its stack and let through (LOG);
 * exits of Spindle's own threads are never touched. Without installation (the CLI, tests) the
 * mark changes nothing.
 *
 * <p>Java 17 has no other hook into {@code Runtime.exit} than a {@link SecurityManager}; this
 * one checks nothing else and allows every permission at the cost of a method call. Installing it
 * makes the JVM print a deprecation warning on the process's stderr (once; the processes' stderr
 * goes to their log directory). From Java 18 on, the JVM must be started with
 * {@code -Djava.security.manager=allow}: Spindle's launch commands pass it, and without it the
 * interception is reported as unavailable and the process runs unprotected.
 */
public final class UserSystemExits {
    private static final Logger LOG = LoggerFactory.getLogger(UserSystemExits.class);
    /** The key of the option that selects the mode, named in the exception's message. */
    static final String OPTION_KEY = "cluster.intercept-user-system-exit";
    /** The JVM option the launch commands pass so that the interceptor can be installed on any Java. */
    public static final String JVM_OPTION = "-Djava.security.manager=allow";

    private static final InheritableThreadLocal<Boolean> USER_CODE = new InheritableThreadLocal<>();

    /** What happens to {@code System.exit} called by user code. */
    public enum Mode {
        /** The exit ends the process, as in a plain JVM. */
        DISABLED,
        /** The exit ends the process, after a warning with the caller's stack in the log. */
        LOG,
        /** The exit throws {@link UserSystemExitException}: the run or task fails, the process lives. */
        THROW
    }

    private UserSystemExits() {}

    /** Code that may throw what the user code throws. */
    @FunctionalInterface
    public interface UserCode<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code code} with this thread (and the threads it starts) marked as running user code;
     * the previous mark is restored afterwards, so that nested calls compose.
     */
    public static <T, E extends Exception> T runAsUserCode(UserCode<T, E> code) throws E {
        Boolean previous = USER_CODE.get();
        USER_CODE.set(Boolean.TRUE);
        try {
            return code.run();
        } finally {
            if (previous == null) {
                USER_CODE.remove();
            } else {
                USER_CODE.set(previous);
            }
        }
    }

    /** Whether the calling thread runs user code (or was started by user code). */
    public static boolean isUserCode() {
        return USER_CODE.get() == Boolean.TRUE;
    }

    /**
     * Installs the interception for this process (once, early in its main()); DISABLED installs
     * nothing.
     *
     * @return whether exits of user code are now watched
     */
    @SuppressWarnings("removal") // the SecurityManager is Java 17's only way to see System.exit
    public static synchronized boolean install(Mode mode) {
        if (mode == Mode.DISABLED) {
            return false;
        }
        if (System.getSecurityManager() instanceof ExitWatcher) {
            return true;
        }
        // The common pool picks innocuous worker threads (no context class loader, cleared thread
        // locals) when it is created under a SecurityManager: create it first, as without one.
        ForkJoinPool.commonPool();
        LOG.info(
                "Intercepting System.exit of user code ({}={}); the JVM's warning about "
                        + "System::setSecurityManager on stderr is expected",
                OPTION_KEY,
                mode);
        try {
            System.setSecurityManager(new ExitWatcher(mode, System.getSecurityManager()));
            return true;
        } catch (UnsupportedOperationException | SecurityException e) {
            LOG.warn(
                    "System.exit of user code cannot be intercepted on this JVM ({}): start it with {} "
                            + "(or set {}=DISABLED to silence this)",
                    e.getMessage(),
                    JVM_OPTION,
                    OPTION_KEY);
            return false;
        }
    }

    /** Watches exits only; allows everything else, or asks the manager it replaced. */
    @SuppressWarnings("removal")
    private static final class ExitWatcher extends SecurityManager {
        private final Mode mode;
        private final SecurityManager previous;

        ExitWatcher(Mode mode, SecurityManager previous) {
            this.mode = mode;
            this.previous = previous;
        }

        @Override
        public void checkExit(int status) {
            if (previous != null) {
                previous.checkExit(status);
            }
            if (!isUserCode()) {
                return;
            }
            if (mode == Mode.THROW) {
                throw new UserSystemExitException(status);
            }
            LOG.warn(
                    "User code called System.exit({}); the process ends ({}={})",
                    status,
                    OPTION_KEY,
                    mode,
                    new UserSystemExitException(status));
        }

        @Override
        public void checkPermission(Permission perm) {
            if (previous != null) {
                previous.checkPermission(perm);
            }
        }

        @Override
        public void checkPermission(Permission perm, Object context) {
            if (previous != null) {
                previous.checkPermission(perm, context);
            }
        }
    }
}
