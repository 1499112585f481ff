package dev.spindle.jobmanager;

/**
 * The cluster at a glance (Flink's {@code /overview}).
 *
 * @param taskManagers registered TaskManagers
 * @param slotsTotal their slots
 * @param slotsAvailable slots not running a task
 * @param jobsRunning jobs not yet ended
 * @param jobsFinished jobs FINISHED
 * @param jobsCancelled jobs CANCELED
 * @param jobsFailed jobs FAILED
 */
public record ClusterOverview(
        int taskManagers,
        int slotsTotal,
        int slotsAvailable,
        int jobsRunning,
        int jobsFinished,
        int jobsCancelled,
        int jobsFailed) {}
