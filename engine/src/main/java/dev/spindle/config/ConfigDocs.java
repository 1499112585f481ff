package dev.spindle.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the configuration reference (docs/configuration.md) from the option declarations,
 * so that the documentation cannot drift from the code. A test fails when the file is stale.
 *
 * <pre>java -cp engine/target/classes dev.spindle.config.ConfigDocs &gt; docs/configuration.md</pre>
 */
public final class ConfigDocs {
    /** Every class that declares options, in the order of the reference. */
    static final List<Class<?>> OPTION_CLASSES = List.of(
            CoreOptions.class,
            NetworkOptions.class,
            ClusterOptions.class,
            JobManagerOptions.class,
            RestOptions.class,
            RpcOptions.class,
            ClientOptions.class,
            CheckpointingOptions.class,
            RestartStrategyOptions.class,
            HighAvailabilityOptions.class,
            CleanupOptions.class,
            HistoryServerOptions.class,
            MetricOptions.class);

    private ConfigDocs() {}

    public static void main(String[] args) {
        System.out.print(render());
    }

    /** The reference as Markdown. */
    public static String render() {
        StringBuilder b = new StringBuilder();
        b.append("# Configuration reference\n\n")
                .append(
                        "Generated from the option declarations by `dev.spindle.config.ConfigDocs`; do not edit by hand.\n")
                .append(
                        "Regenerate: `java -cp engine/target/classes dev.spindle.config.ConfigDocs > docs/configuration.md`.\n\n")
                .append("Set options in `config.yaml` (in `$SPINDLE_CONF_DIR`, else the installation's `conf/`; flat\n")
                .append(
                        "`key: value` lines or nested keys as in Flink's file, lists as YAML lists), with `-D key=value`\n")
                .append("on `spindle run` or `yarn-session` (which overrides the file), or in a program through its\n")
                .append(
                        "environment's configuration. A key that is no option here gets a warning naming the nearest one.\n")
                .append("Durations are written like `100 ms`, `10 s`, `5 min`; memory sizes like `32kb`, `512m`.\n");
        return b.append(sections(OPTION_CLASSES)).toString();
    }

    /**
     * One Markdown section per class of options, for references of modules the engine cannot see
     * (yarn-am's YARN options).
     */
    public static String sections(List<Class<?>> optionClasses) {
        StringBuilder b = new StringBuilder();
        for (Class<?> c : optionClasses) {
            b.append(section(c));
        }
        return b.toString();
    }

    /** The reference section of one class of options: a heading and a table. */
    public static String section(Class<?> c) {
        StringBuilder b = new StringBuilder();
        b.append("\n## ")
                .append(c.getSimpleName())
                .append("\n\n")
                .append("| key | type | default | description |\n| --- | --- | --- | --- |\n");
        for (ConfigOption<?> o : optionsOf(c)) {
            b.append("| `")
                    .append(o.key())
                    .append("` | ")
                    .append(typeName(o))
                    .append(" | ")
                    .append(o.hasDefault() ? "`" + Configuration.format(o.defaultValue()) + "`" : "(none)")
                    .append(" | ")
                    .append(o.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return b.toString();
    }

    static List<ConfigOption<?>> optionsOf(Class<?> c) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                try {
                    options.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }

    private static String typeName(ConfigOption<?> o) {
        Class<?> t = o.type();
        String type;
        if (t.isEnum()) {
            StringBuilder values = new StringBuilder();
            for (Object v : t.getEnumConstants()) {
                values.append(values.length() == 0 ? "" : ", ").append(v);
            }
            type = "one of " + values;
        } else {
            type = switch (t.getSimpleName()) {
                case "MemorySize" -> "memory size";
                case "Duration" -> "duration";
                case "List" -> "list of strings (`;` or `,` between items; in config.yaml also a YAML list)";
                case "JvmOptions" -> "JVM options (whitespace between them, or `;`; in config.yaml also a YAML list)";
                default -> t.getSimpleName();
            };
        }
        return o.constraint() == null ? type : type + ", " + o.constraint().description();
    }
}
