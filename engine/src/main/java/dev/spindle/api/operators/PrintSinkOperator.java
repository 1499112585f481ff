package dev.spindle.api.operators;

import java.io.PrintStream;

/**
 * Prints records to standard output (or error), one per line. With more than one parallel
 * instance each line starts with the subtask number, {@code 2> record}, as in Flink.
 */
public final class PrintSinkOperator<T> extends AbstractOperator<Void> implements OneInputOperator<T, Void> {
    private static final long serialVersionUID = 1L;

    private final boolean stdErr;
    private transient String prefix;
    private transient PrintStream stream;

    public PrintSinkOperator(boolean stdErr) {
        this.stdErr = stdErr;
    }

    @Override
    public void open(OperatorContext context, Output<Void> output) throws Exception {
        super.open(context, output);
        stream = stdErr ? System.err : System.out;
        prefix = context.parallelism() > 1 ? (context.subtaskIndex() + 1) + "> " : "";
    }

    @Override
    public void processElement(T record) {
        stream.println(prefix + record);
    }

    @Override
    public void finish() {
        stream.flush();
    }
}
