package dev.spindle.core;

/**
 * Thrown from {@code System.exit} called by user code (a program's main() or a user function)
 * inside a Spindle process, instead of ending the process: the run or task fails with it, the
 * JobManager or TaskManager lives on. See {@link UserSystemExits}.
 */
public final class UserSystemExitException extends SecurityException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public UserSystemExitException(int status) {
        super("the program called System.exit(" + status + "); a program or function run by Spindle must not end "
                + "the process: return from main() or throw instead (" + UserSystemExits.OPTION_KEY + ")");
        this.status = status;
    }

    /** The status the program passed to {@code System.exit}. */
    public int status() {
        return status;
    }
}
