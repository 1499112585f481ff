package dev.spindle.bench;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.SinkFunction;

/**
 * The tiny job of the deployment benchmark (W3, docs/benchmarks.md): a sequence source of 1,000
 * records, parallelism 1, and a sink that discards them, so that what is measured is the
 * deployment and scheduling around a job, not the job.
 *
 * <pre>
 * TinyJob [--jobs N]     N jobs, one after the other (default 1)
 * </pre>
 */
public final class TinyJob {
    /** The records of each job. */
    public static final long RECORDS = 1_000;

    private TinyJob() {}

    public static void main(String[] args) throws Exception {
        int jobs = 1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--jobs") && i + 1 < args.length) {
                jobs = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: TinyJob [--jobs N]");
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        for (int i = 1; i <= jobs; i++) {
            // execute() clears the pipeline: each job is built anew.
            env.fromSequence(1, RECORDS).name("Sequence").addSink(new Discard()).name("Discard");
            env.execute("W3 tiny job " + i);
        }
    }

    /** Drops every record. */
    public static final class Discard implements SinkFunction<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void invoke(Long value) {}
    }
}
