package dev.spindle.jobmanager;

/**
 * A jar run was refused before anything of it started: too many runs are in their main() at the
 * same time ({@code jar.run.max-concurrent}). The client may retry later; answered 429.
 */
public final class JarRunRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JarRunRefusedException(String message) {
        super(message);
    }
}
