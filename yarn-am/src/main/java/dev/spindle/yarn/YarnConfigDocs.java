package dev.spindle.yarn;

import dev.spindle.config.ConfigDocs;
import java.util.List;

/**
 * Generates the reference of the YARN options (docs/configuration-yarn.md) from their
 * declarations, as {@link ConfigDocs} does for the engine's; a test fails when the file is stale.
 *
 * <pre>java -cp "yarn-am/target/classes:engine/target/classes" dev.spindle.yarn.YarnConfigDocs &gt; docs/configuration-yarn.md</pre>
 */
public final class YarnConfigDocs {
    /** Every class of yarn-am that declares options, in the order of the reference. */
    static final List<Class<?>> OPTION_CLASSES = List.of(YarnOptions.class);

    private YarnConfigDocs() {
    }

    public static void main(String[] args) {
        System.out.print(render());
    }

    /** The reference as Markdown. */
    public static String render() {
        StringBuilder b = new StringBuilder();
        b.append("# Configuration reference: YARN\n\n")
                .append("Generated from the option declarations by `dev.spindle.yarn.YarnConfigDocs`; do not edit by hand.\n")
                .append("Regenerate: `java -cp \"yarn-am/target/classes:engine/target/classes\" dev.spindle.yarn.YarnConfigDocs"
                        + " > docs/configuration-yarn.md`.\n\n")
                .append("The options of a cluster on YARN, set like all others ([configuration.md](configuration.md)).\n");
        for (Class<?> c : OPTION_CLASSES) {
            b.append(ConfigDocs.section(c));
        }
        return b.toString();
    }
}
