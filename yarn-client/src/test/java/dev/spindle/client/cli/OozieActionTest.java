package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Oozie action's configuration (a Hadoop configuration file, as Oozie writes it), its tags, its
 * refusal of anything but the file itself (XXE), and the capture-output file.
 */
class OozieActionTest {
    @TempDir
    Path dir;

    /** An action configuration written the way Oozie writes it: with Hadoop's Configuration. */
    private Path actionConf(Map<String, String> values) throws Exception {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        values.forEach(conf::set);
        Path file = dir.resolve("action.xml");
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
        return file;
    }

    @Test
    void tagsComeFromBothKeysTrimmedAndWithoutDuplicates() throws Exception {
        Path conf = actionConf(Map.of(
                "oozie.child.mapreduce.job.tags",
                "oozie-1a2b3c, wf-x",
                "mapreduce.job.tags",
                "wf-x,,team-a ",
                "oozie.action.id",
                "0000001-wf@spindle"));
        OozieAction action = OozieAction.of(Map.of(OozieAction.CONF_ENV, conf.toString()), new Properties());
        assertEquals(List.of("oozie-1a2b3c", "wf-x", "team-a"), action.tags());
        assertNull(action.outputFile());
    }

    @Test
    void aJavaActionGivesTheFileAsASystemPropertyAndTheEnvironmentWins() throws Exception {
        Path conf = actionConf(Map.of("oozie.child.mapreduce.job.tags", "oozie-java"));
        Properties properties = new Properties();
        properties.setProperty(OozieAction.CONF_PROPERTY, conf.toString());
        properties.setProperty(
                OozieAction.OUTPUT_PROPERTY, dir.resolve("java.properties").toString());
        OozieAction java = OozieAction.of(Map.of(), properties);
        assertEquals(List.of("oozie-java"), java.tags());
        assertEquals(dir.resolve("java.properties"), java.outputFile());

        Path shellConf = dir.resolve("shell.xml");
        Files.copy(actionConf(Map.of("oozie.child.mapreduce.job.tags", "oozie-shell")), shellConf);
        OozieAction shell = OozieAction.of(
                Map.of(
                        OozieAction.CONF_ENV,
                        shellConf.toString(),
                        OozieAction.OUTPUT_ENV,
                        dir.resolve("shell.properties").toString()),
                properties);
        assertEquals(List.of("oozie-shell"), shell.tags());
        assertEquals(dir.resolve("shell.properties"), shell.outputFile());
    }

    @Test
    void withoutOozieThereIsNoAction() throws Exception {
        assertSame(OozieAction.NONE, OozieAction.of(Map.of("PATH", "/bin"), new Properties()));
        assertSame(OozieAction.NONE, OozieAction.of(Map.of(OozieAction.CONF_ENV, " "), new Properties()));
    }

    @Test
    void theTagsGoToTheApplicationUnlessTheUserGaveSomeAndSaySoInOneLine() throws Exception {
        Path conf = actionConf(Map.of("oozie.child.mapreduce.job.tags", "oozie-1a2b3c"));
        OozieAction action = OozieAction.of(Map.of(OozieAction.CONF_ENV, conf.toString()), new Properties());
        StringWriter err = new StringWriter();
        assertEquals("oozie-1a2b3c", action.applicationTags(false, new PrintWriter(err)));
        assertEquals(
                List.of("Oozie action: the YARN application gets the tags oozie-1a2b3c (from $OOZIE_ACTION_CONF_XML="
                        + conf + ") so that Oozie can find and kill it"),
                err.toString().lines().toList());

        StringWriter quiet = new StringWriter();
        assertNull(action.applicationTags(true, new PrintWriter(quiet)));
        assertEquals("", quiet.toString());
        assertNull(OozieAction.NONE.applicationTags(false, new PrintWriter(quiet)));
        assertEquals("", quiet.toString());
    }

    @Test
    void aMissingFileIsRefusedNamingTheVariable() {
        Path missing = dir.resolve("no-such.xml");
        OozieAction.InvalidActionException e = assertThrows(
                OozieAction.InvalidActionException.class,
                () -> OozieAction.of(Map.of(OozieAction.CONF_ENV, missing.toString()), new Properties()));
        assertEquals(
                "Oozie's action configuration $OOZIE_ACTION_CONF_XML=" + missing + " does not exist; run from an "
                        + "Oozie action or unset OOZIE_ACTION_CONF_XML",
                e.getMessage());
    }

    @Test
    void malformedXmlAndOtherDocumentsAreRefused() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.xml"), "<configuration><property><name>a</name>");
        OozieAction.InvalidActionException e = assertThrows(
                OozieAction.InvalidActionException.class,
                () -> OozieAction.of(Map.of(OozieAction.CONF_ENV, broken.toString()), new Properties()));
        assertTrue(
                e.getMessage()
                        .startsWith("Oozie's action configuration $OOZIE_ACTION_CONF_XML=" + broken
                                + " is not well-formed XML"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());

        Path other = Files.writeString(dir.resolve("other.xml"), "<workflow-app/>");
        e = assertThrows(
                OozieAction.InvalidActionException.class,
                () -> OozieAction.of(Map.of(OozieAction.CONF_ENV, other.toString()), new Properties()));
        assertEquals(
                "Oozie's action configuration $OOZIE_ACTION_CONF_XML=" + other + " is not a Hadoop configuration "
                        + "file: its root element is <workflow-app>, not <configuration>",
                e.getMessage());
    }

    /** XXE: an external entity would put another file's content into the tags; the DOCTYPE is refused. */
    @Test
    void externalEntitiesAreNotResolved() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "s3cr3t");
        Path evil = Files.writeString(
                dir.resolve("evil.xml"),
                "<?xml version=\"1.0\"?>\n"
                        + "<!DOCTYPE configuration [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>\n"
                        + "<configuration><property><name>oozie.child.mapreduce.job.tags</name><value>&leak;</value></property>"
                        + "</configuration>\n");
        OozieAction.InvalidActionException e = assertThrows(
                OozieAction.InvalidActionException.class,
                () -> OozieAction.of(Map.of(OozieAction.CONF_ENV, evil.toString()), new Properties()));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void theOutcomeIsWrittenAsJavaPropertiesWithinOoziesLimit() throws Exception {
        Path output = dir.resolve("output.properties");
        OozieAction action = OozieAction.of(Map.of(OozieAction.OUTPUT_ENV, output.toString()), new Properties());
        assertEquals(List.of(), action.tags());
        action.writeOutput("application_1700000000000_0042", "3f2c1e0d9b8a7f6e5d4c3b2a19081716", "SUCCEEDED");
        Properties written = new Properties();
        try (InputStream in = Files.newInputStream(output)) {
            written.load(in);
        }
        assertEquals(
                Map.of(
                        "applicationId",
                        "application_1700000000000_0042",
                        "jobId",
                        "3f2c1e0d9b8a7f6e5d4c3b2a19081716",
                        "finalState",
                        "SUCCEEDED"),
                Map.copyOf(written));
        String text = Files.readString(output, StandardCharsets.ISO_8859_1);
        assertEquals(
                "applicationId=application_1700000000000_0042\nfinalState=SUCCEEDED\n"
                        + "jobId=3f2c1e0d9b8a7f6e5d4c3b2a19081716\n",
                text);
        assertTrue(Files.size(output) <= OozieAction.MAX_OUTPUT_BYTES);

        // Unknown values are left out rather than written empty.
        action.writeOutput("application_1700000000000_0043", null, "FAILED");
        assertEquals(
                "applicationId=application_1700000000000_0043\nfinalState=FAILED\n",
                Files.readString(output, StandardCharsets.ISO_8859_1));
    }

    @Test
    void noOutputFileNoWrite() throws Exception {
        OozieAction.NONE.writeOutput("application_1_0001", "j", "SUCCEEDED");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    /** A bad action configuration is a usage error of the command, before anything is submitted. */
    @Test
    void theCommandsRefuseABadActionConfigurationWithExitTwo() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.xml"), "not xml");
        String before = System.getProperty(OozieAction.CONF_PROPERTY);
        System.setProperty(OozieAction.CONF_PROPERTY, broken.toString());
        try {
            for (String[] args : List.of(
                    new String[] {"run", "-t", "yarn-per-job", "no.jar"},
                    new String[] {"run-application", "no.jar"},
                    new String[] {"run", "-t", "yarn-application", "no.jar"})) {
                CliRun run = CliRun.of(args);
                String line = run.assertOneErrorLine(ExitCodes.USAGE_ERROR);
                assertTrue(
                        line.startsWith("spindle: error: Oozie's action configuration -Doozie.action.conf.xml=" + broken
                                + " is not well-formed XML"),
                        line);
                assertEquals("", run.out(), run::toString);
            }
        } finally {
            if (before == null) {
                System.clearProperty(OozieAction.CONF_PROPERTY);
            } else {
                System.setProperty(OozieAction.CONF_PROPERTY, before);
            }
        }
    }
}
