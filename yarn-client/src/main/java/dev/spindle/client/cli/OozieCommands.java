package dev.spindle.client.cli;

import dev.spindle.config.Configuration;
import dev.spindle.yarn.YarnOptions;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What the commands that submit YARN applications ({@code run}, {@code run-application},
 * {@code yarn-session}) do for an Oozie action ({@link OozieAction}): read it before anything is
 * submitted, a bad action configuration being a usage error (exit 2), and tag the application.
 */
final class OozieCommands {
    private OozieCommands() {}

    /** The Oozie action this process runs in, or {@link OozieAction#NONE}. */
    static OozieAction action(CommandSpec spec) {
        try {
            return OozieAction.fromEnvironment();
        } catch (OozieAction.InvalidActionException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * Gives the application about to be submitted with {@code config} the action's tags, unless the
     * user gave {@code yarn.tags}; says so on {@code err}.
     */
    static void tagApplication(OozieAction action, Configuration config, PrintWriter err) {
        String tags = action.applicationTags(config.contains(YarnOptions.APPLICATION_TAGS), err);
        if (tags != null) {
            config.setString(YarnOptions.APPLICATION_TAGS.key(), tags);
        }
    }
}
