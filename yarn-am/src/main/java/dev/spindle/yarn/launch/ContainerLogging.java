package dev.spindle.yarn.launch;

import java.util.List;
import org.apache.hadoop.yarn.api.ApplicationConstants;

/**
 * The one logging configuration of Spindle's YARN containers, the JobManager's (the
 * ApplicationMaster) and the TaskManagers': {@value #LOG4J_CONFIGURATION}, on the yarn-am jar that
 * both have on their classpath, logs with one layout into the file that
 * {@code -D}{@value #LOG_FILE_PROPERTY} names, so that each process picks its own file in the
 * container's log directory ({@value #JOB_MANAGER_LOG}, {@value #TASK_MANAGER_LOG}), where
 * {@code yarn logs} shows it.
 */
public final class ContainerLogging {
    /** The log4j configuration, a resource of the yarn-am jar. */
    public static final String LOG4J_CONFIGURATION = "spindle-yarn-container-log4j.properties";
    /** The system property that names the log file; the configuration reads it. */
    public static final String LOG_FILE_PROPERTY = "spindle.log.file";

    public static final String JOB_MANAGER_LOG = "jobmanager.log";
    public static final String TASK_MANAGER_LOG = "taskmanager.log";

    private ContainerLogging() {}

    /** The JVM options that make a container's process log into {@code <LOG_DIR>/<logName>}. */
    public static List<String> jvmOptions(String logName) {
        return List.of(
                "-Dlog4j.configuration=" + LOG4J_CONFIGURATION,
                "-D" + LOG_FILE_PROPERTY + "=" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/" + logName);
    }
}
