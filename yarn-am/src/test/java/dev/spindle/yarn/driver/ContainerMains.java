package dev.spindle.yarn.driver;

/** Stand-ins for the TaskManager in test containers. */
final class ContainerMains {
    private ContainerMains() {}

    /** Does nothing until it is stopped. */
    public static final class Idle {
        private Idle() {}

        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Exits at once with exit status 7, as a TaskManager that cannot start would. */
    public static final class ExitSeven {
        static final int STATUS = 7;

        private ExitSeven() {}

        public static void main(String[] args) {
            System.err.println("failing on purpose");
            System.exit(STATUS);
        }
    }
}
