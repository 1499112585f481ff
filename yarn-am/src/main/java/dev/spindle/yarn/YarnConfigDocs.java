package dev.spindle.yarn;

import dev.spindle.config.ConfigDocs;
import java.util.List;

/**
 * Generates docs/yarn-configuration.md, the reference of the YARN options, with the engine's
 * generator (which cannot see this module). A test fails when the file is stale.
 *
 * <pre>java -cp "yarn-am/target/classes:engine/target/classes" dev.spindle.yarn.YarnConfigDocs &gt; docs/yarn-configuration.md</pre>
 */
public final class YarnConfigDocs {
    private YarnConfigDocs() {}

    public static void main(String[] args) {
        System.out.print(render());
    }

    public static String render() {
        return "# YARN configuration reference\n\n"
                + "Generated from the option declarations by `dev.spindle.yarn.YarnConfigDocs`; do not edit by hand.\n"
                + "Regenerate: `java -cp \"yarn-am/target/classes:engine/target/classes\" dev.spindle.yarn.YarnConfigDocs"
                + " > docs/yarn-configuration.md`.\n\n"
                + "Options of Spindle clusters on YARN, set with `-D key=value` on `scripts/yarn-session` (some have\n"
                + "their own flags there: `-nm`, `-qu`, `-jm`). The options in [configuration.md](configuration.md)\n"
                + "apply as well; the cluster's configuration travels to the ApplicationMaster in its cluster spec.\n"
                + ConfigDocs.sections(List.of(YarnOptions.class));
    }
}
