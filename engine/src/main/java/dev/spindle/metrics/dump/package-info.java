/**
 * The metric values a process hands over for the REST endpoint: a plain, serializable view of the
 * metric registry that travels over RPC from TaskManagers to the JobManager.
 */
package dev.spindle.metrics.dump;
