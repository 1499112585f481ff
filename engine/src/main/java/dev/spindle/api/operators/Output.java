package dev.spindle.api.operators;

import dev.spindle.api.functions.Collector;

/** Where an operator emits: the next operator of its chain, or the task's exchanges. */
public interface Output<T> extends Collector<T> {

    /** Sends records buffered for exchanges on now (sources that are about to block call it). */
    void flush();
}
