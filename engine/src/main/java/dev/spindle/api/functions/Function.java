package dev.spindle.api.functions;

import java.io.Serializable;

/**
 * Base of all user functions. Functions ship inside the job graph, so they must be serializable;
 * every parallel task works on its own copy.
 */
public interface Function extends Serializable {}
