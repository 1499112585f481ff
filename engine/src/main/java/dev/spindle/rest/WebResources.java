package dev.spindle.rest;

/**
 * Where the dashboard's static files are on the classpath: the REST endpoint and the history
 * server both serve {@code /} from this one directory, so that the history server shows the same
 * dashboard for archived jobs.
 */
public final class WebResources {
    /** The classpath directory (no leading or trailing slash) of {@code index.html} and its assets. */
    public static final String ROOT = "dev/spindle/rest/web";

    private WebResources() {}
}
