package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.launch.ContainerLogging;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * On YARN the JobManager (the AM) and the TaskManagers log with one configuration, yarn-am's
 * {@link ContainerLogging#LOG4J_CONFIGURATION}, each into the file its command line names, so that
 * one reader (a person with `yarn logs`, or a tool) parses both logs alike. (The TaskManagers'
 * command line is in TaskManagerLaunchContextsTest.)
 */
class ContainerLogLayoutTest {
    private static final String PATTERN = "log4j.appender.file.layout.ConversionPattern";

    @Test
    void theJobManagerLogsWithTheContainersConfigurationIntoJobmanagerLog() throws Exception {
        String command = String.join(
                " ",
                AmLaunchContextFactory.create(Map.of(), List.of(), "/opt/jdk", 384, ClusterSecret.generate())
                        .getCommands());

        assertTrue(
                command.contains(" -Dlog4j.configuration=spindle-yarn-container-log4j.properties"
                        + " -Dspindle.log.file=<LOG_DIR>/jobmanager.log "),
                command);
    }

    @Test
    void theConfigurationLogsWithOneLayoutIntoTheFileTheProcessNames() throws Exception {
        Properties config =
                load(ContainerLogging.class.getClassLoader().getResourceAsStream(ContainerLogging.LOG4J_CONFIGURATION));

        assertEquals("%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c{1} [%t] - %m%n", config.getProperty(PATTERN));
        assertEquals("org.apache.log4j.PatternLayout", config.getProperty("log4j.appender.file.layout"));
        assertEquals("${spindle.log.file}", config.getProperty("log4j.appender.file.File"));
        assertEquals("INFO, file", config.getProperty("log4j.rootLogger"));
        assertEquals(
                List.of(
                        "-Dlog4j.configuration=spindle-yarn-container-log4j.properties",
                        "-Dspindle.log.file=<LOG_DIR>/taskmanager.log"),
                ContainerLogging.jvmOptions("taskmanager.log"));
    }

    private static Properties load(InputStream in) throws Exception {
        assertNotNull(in, "log4j configuration not on the classpath");
        Properties p = new Properties();
        try (in) {
            p.load(in);
        }
        return p;
    }
}
