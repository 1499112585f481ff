package dev.spindle.types;

/** A record that refers only to JDK classes, so tests can load it in an isolated class loader. */
public record IsolatedPoint(String label, long x, double y) {}
