package dev.spindle.api.operators;

/** Keeps the context and output that {@link #open} receives. */
public abstract class AbstractOperator<OUT> implements StreamOperator<OUT> {
    private static final long serialVersionUID = 1L;

    protected transient OperatorContext context;
    protected transient Output<OUT> output;

    @Override
    public void open(OperatorContext context, Output<OUT> output) throws Exception {
        this.context = context;
        this.output = output;
    }
}
