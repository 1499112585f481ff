package dev.spindle.rest;

import java.util.List;

/**
 * The REST views archived for each job that ended (and which the history server then serves), as
 * route templates: {@code {jobid}} is the job's id, {@code {vertexid}} each of its vertices' ids
 * (one view per vertex). A route added later is archived by adding its template here; a template
 * without a GET route on this endpoint is skipped, so the list may name routes that come later.
 *
 * <p>{@code /jobs/overview} is the overview of all jobs on the live endpoint; its archived copy holds
 * the archived job's entry only (the history server merges them).
 */
public final class ArchivedViews {
    /** The path whose archived copy is reduced to the job's own entry. */
    public static final String JOBS_OVERVIEW = "/jobs/overview";

    public static final List<String> TEMPLATES = List.of(
            JOBS_OVERVIEW,
            "/jobs/{jobid}",
            "/jobs/{jobid}/exceptions",
            "/jobs/{jobid}/checkpoints",
            "/jobs/{jobid}/checkpoints/config",
            "/jobs/{jobid}/config",
            "/jobs/{jobid}/plan");

    private ArchivedViews() {}
}
