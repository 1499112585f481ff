package dev.spindle.api.operators;

/** An operator with one (possibly merged) input. */
public interface OneInputOperator<IN, OUT> extends StreamOperator<OUT> {
    void processElement(IN record) throws Exception;
}
