package dev.spindle.checkpoint;

/**
 * A subtask of a job, by vertex and index: the key under which the coordinator and its pending
 * checkpoints track acknowledgements, finished subtasks and ended inputs. A type of its own so
 * that those collaborators share it.
 */
record TaskKey(int vertexId, int subtaskIndex) {}
