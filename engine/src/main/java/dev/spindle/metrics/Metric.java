package dev.spindle.metrics;

/** A value that a metric group exposes to reporters and the REST endpoint; see its sub-interfaces. */
public interface Metric {}
