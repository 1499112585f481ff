/**
 * What an operator inspects of a running process besides its jobs: its log files, a dump of its
 * threads, its metrics. A TaskManager answers these over RPC ({@link TaskManagerOperations} is the
 * JobManager's view of them); the JobManager's REST endpoint serves them, and the JobManager's own.
 */
package dev.spindle.ops;
