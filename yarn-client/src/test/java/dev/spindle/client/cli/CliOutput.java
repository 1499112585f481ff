package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the YARN ITs read from the CLI's output: the lines schedulers parse, and matching helpers. */
public final class CliOutput {
    /** {@code Submitted application <id>}, the id as group 1. */
    public static final Pattern SUBMITTED_APP = Pattern.compile("Submitted application (application_\\d+_\\d+)");
    /** {@code Job has been submitted with JobID <id>}, the id as group 1. */
    public static final Pattern SUBMITTED_JOB = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    private CliOutput() {}

    /** Group 1 of the first match of {@code p} in {@code text}; fails the test, showing the text, if none. */
    public static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            fail("no match for " + p + " in:\n" + text);
        }
        return m.group(1);
    }

    /** Group 1 of every match, in order. */
    public static List<String> all(Pattern p, String text) {
        return p.matcher(text).results().map(r -> r.group(1)).toList();
    }
}
