package dev.spindle.metrics.scope;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scope format such as {@code <host>.taskmanager.<tm_id>}: dot-separated components in which
 * variables ({@code <name>}) are replaced by the group's values. A variable the group does not
 * have stays as it is written, so that a typo shows in the metric's name instead of vanishing.
 */
public final class ScopeFormat {
    public static final String HOST = "<host>";
    public static final String TM_ID = "<tm_id>";
    public static final String JOB_ID = "<job_id>";
    public static final String JOB_NAME = "<job_name>";
    public static final String TASK_ID = "<task_id>";
    public static final String TASK_NAME = "<task_name>";
    public static final String TASK_ATTEMPT_ID = "<task_attempt_id>";
    public static final String TASK_ATTEMPT_NUM = "<task_attempt_num>";
    public static final String SUBTASK_INDEX = "<subtask_index>";
    public static final String OPERATOR_ID = "<operator_id>";
    public static final String OPERATOR_NAME = "<operator_name>";

    private static final Pattern VARIABLE = Pattern.compile("<[^<>]+>");

    private final String format;
    private final String[] template;

    public ScopeFormat(String format) {
        if (format == null || format.isBlank()) {
            throw new IllegalArgumentException("a scope format must not be empty");
        }
        this.format = format;
        this.template = format.split("\\.");
    }

    /** The components of the scope of a group with these {@code variables}. */
    public String[] format(Map<String, String> variables) {
        String[] components = new String[template.length];
        for (int i = 0; i < template.length; i++) {
            Matcher m = VARIABLE.matcher(template[i]);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String value = variables.get(m.group());
                m.appendReplacement(b, Matcher.quoteReplacement(value == null ? m.group() : value));
            }
            m.appendTail(b);
            components[i] = b.toString();
        }
        return components;
    }

    @Override
    public String toString() {
        return format;
    }
}
