package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.spindle.yarn.launch.TaskManagerLaunchContexts;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * On YARN the JobManager (the AM, configured by the file the client uploads) and the TaskManagers
 * (configured by yarn-am's file on their classpath) log with one layout, so that one reader (a
 * person with `yarn logs`, or a tool) parses both logs alike.
 */
class ContainerLogLayoutTest {
    private static final String LAYOUT = "log4j.appender.file.layout";
    private static final String PATTERN = "log4j.appender.file.layout.ConversionPattern";

    @Test
    void theJobManagerAndTheTaskManagersLogWithOneLayout() throws Exception {
        Properties jobManager = load(YarnDeployer.class.getResourceAsStream("log4j-container.properties"));
        Properties taskManager = load(TaskManagerLaunchContexts.class.getClassLoader()
                .getResourceAsStream(TaskManagerLaunchContexts.LOG4J_CONFIGURATION));
        assertEquals("%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c{1} [%t] - %m%n", jobManager.getProperty(PATTERN));
        assertEquals(jobManager.getProperty(PATTERN), taskManager.getProperty(PATTERN));
        assertEquals(jobManager.getProperty(LAYOUT), taskManager.getProperty(LAYOUT));
        assertEquals(jobManager.getProperty("log4j.rootLogger"), taskManager.getProperty("log4j.rootLogger"));
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
