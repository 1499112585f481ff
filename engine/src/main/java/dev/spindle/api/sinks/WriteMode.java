package dev.spindle.api.sinks;

/** What a file sink does with an output directory that already has files. */
public enum WriteMode {
    /** Fail the job before it starts. */
    NO_OVERWRITE,
    /** Delete the part files of an earlier run first (only those: other files are left alone). */
    OVERWRITE
}
