package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.SinkFunction;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two blocking execute() calls. Each job's sink writes one file per record, named
 * {@code <job>-<record>} in the directory of args[0], holding the time it was written; records are
 * slow, so jobs that overlapped would show it in the files' times.
 */
public final class SequentialJobsProgram {
    private SequentialJobsProgram() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 5).addSink(new TimestampSink(args[0], "first"));
        env.execute("first");
        env.fromSequence(1, 5).addSink(new TimestampSink(args[0], "second"));
        env.execute("second");
    }

    /** Writes {@code <job>-<record>} with the current time, slowly. */
    public static final class TimestampSink implements SinkFunction<Long> {
        private static final long serialVersionUID = 1L;
        private final String directory;
        private final String job;

        TimestampSink(String directory, String job) {
            this.directory = directory;
            this.job = job;
        }

        @Override
        public void invoke(Long value) throws Exception {
            Thread.sleep(150);
            Files.writeString(Path.of(directory, job + "-" + value), Long.toString(System.currentTimeMillis()));
        }
    }
}
