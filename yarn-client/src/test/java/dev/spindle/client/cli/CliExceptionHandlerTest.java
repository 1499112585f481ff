package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.JobNotFoundException;
import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.JobId;
import dev.spindle.graph.InvalidProgramException;
import dev.spindle.program.ProgramFailedException;
import dev.spindle.program.ProgramLoadException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The mapping of failures to exit codes and lines, including the cases a real run rarely reaches. */
class CliExceptionHandlerTest {
    private static final JobId JOB = new JobId(0x0123456789abcdefL, 0x1L);

    @Test
    void unexpectedExceptionIsAnInternalErrorWithAHint() {
        IllegalStateException bug = new IllegalStateException("oops");

        CliExceptionHandler.Report report = CliExceptionHandler.report(bug, false);

        assertEquals(ExitCodes.INTERNAL_ERROR, report.exitCode());
        assertEquals(
                "spindle: internal error: java.lang.IllegalStateException: oops "
                        + "(rerun with --verbose for the stack trace)",
                report.line());
        assertSame(bug, report.trace());
    }

    @Test
    void verboseInternalErrorHasNoHint() {
        CliExceptionHandler.Report report = CliExceptionHandler.report(new IOException("disk"), true);

        assertEquals(ExitCodes.INTERNAL_ERROR, report.exitCode());
        assertEquals("spindle: internal error: java.io.IOException: disk", report.line());
    }

    @Test
    void cancelledJobIsAJobFailure() {
        ProgramFailedException failed = new ProgramFailedException("Main", new JobCancellationException(JOB));

        CliExceptionHandler.Report report = CliExceptionHandler.report(failed, false);

        assertEquals(ExitCodes.JOB_FAILED, report.exitCode());
        assertEquals("spindle: error: job " + JOB + " was cancelled", report.line());
    }

    @Test
    void aJobRefusedForItsSavepointIsOneLineWithoutTheClassName() {
        JobExecutionException jobFailure = new JobExecutionException(
                JOB,
                "failed",
                new dev.spindle.checkpoint.SavepointException("there is no savepoint or retained checkpoint at /x"));
        CliExceptionHandler.Report report =
                CliExceptionHandler.report(new ProgramFailedException("Main", jobFailure), false);
        assertEquals(ExitCodes.JOB_FAILED, report.exitCode());
        assertEquals(
                "spindle: error: the job could not start: there is no savepoint or retained checkpoint at /x",
                report.line());
    }

    @Test
    void jobFailureDeepInTheCauseChainNamesTheUserException() {
        JobExecutionException jobFailure =
                new JobExecutionException(JOB, "failed", new ArithmeticException("/ by zero"));
        Exception wrapped = new RuntimeException("outer", new IllegalStateException("middle", jobFailure));

        CliExceptionHandler.Report report =
                CliExceptionHandler.report(new ProgramFailedException("Main", wrapped), false);

        assertEquals(ExitCodes.JOB_FAILED, report.exitCode());
        assertEquals("spindle: error: the job failed: java.lang.ArithmeticException: / by zero", report.line());
        assertSame(wrapped, report.trace(), "--verbose shows what main() threw");
    }

    @Test
    void aJobFailureWithoutAUserExceptionIsItsMessageWithoutTheClassName() {
        JobExecutionException jobFailure = new JobExecutionException(
                JOB, "job " + JOB + " failed: Application application_1_0001 failed 2 times", null);

        CliExceptionHandler.Report report =
                CliExceptionHandler.report(new ProgramFailedException("Main", jobFailure), false);

        assertEquals(ExitCodes.JOB_FAILED, report.exitCode());
        assertEquals(
                "spindle: error: job " + JOB + " failed: Application application_1_0001 failed 2 times", report.line());
    }

    @Test
    void invalidProgramIsAProgramFailure() {
        ProgramFailedException failed = new ProgramFailedException("Main", new InvalidProgramException("no sink"));

        CliExceptionHandler.Report report = CliExceptionHandler.report(failed, false);

        assertEquals(ExitCodes.PROGRAM_FAILED, report.exitCode());
        assertEquals(
                "spindle: error: the program's main() failed: dev.spindle.graph.InvalidProgramException: no sink",
                report.line());
    }

    @Test
    void loadFailureIsItsMessage() {
        CliExceptionHandler.Report report =
                CliExceptionHandler.report(new ProgramLoadException("jar file /x.jar does not exist"), false);

        assertEquals(ExitCodes.PROGRAM_NOT_LOADABLE, report.exitCode());
        assertEquals("spindle: error: jar file /x.jar does not exist", report.line());
    }

    @Test
    void clusterAccessFailureIsAClusterError() {
        CliExceptionHandler.Report report = CliExceptionHandler.report(
                new ClusterAccessException("no standalone cluster running in /x; start one with ..."), false);

        assertEquals(ExitCodes.CLUSTER_ERROR, report.exitCode());
        assertEquals("spindle: error: no standalone cluster running in /x; start one with ...", report.line());
    }

    @Test
    void submissionFromMainThatFindsNoClusterIsAClusterError() {
        ClusterAccessException noCluster = new ClusterAccessException("the cluster does not answer");
        ProgramFailedException failed = new ProgramFailedException("Main", new RuntimeException("wrapped", noCluster));

        CliExceptionHandler.Report report = CliExceptionHandler.report(failed, false);

        assertEquals(ExitCodes.CLUSTER_ERROR, report.exitCode());
        assertEquals("spindle: error: the cluster does not answer", report.line());
    }

    @Test
    void unknownJobHasItsOwnCode() {
        CliExceptionHandler.Report report =
                CliExceptionHandler.report(new JobNotFoundException(JOB, "the cluster"), false);

        assertEquals(ExitCodes.JOB_NOT_FOUND, report.exitCode());
        assertEquals(
                "spindle: error: no job " + JOB + " on the cluster (see 'spindle list' for its jobs)", report.line());
    }

    @Test
    void noSavepointHasItsOwnCode() {
        CliExceptionHandler.Report report = CliExceptionHandler.report(
                new dev.spindle.client.cluster.SavepointFailedException("the savepoint of job " + JOB + " failed: x"),
                false);

        assertEquals(ExitCodes.SAVEPOINT_FAILED, report.exitCode());
        assertEquals("spindle: error: the savepoint of job " + JOB + " failed: x", report.line());
    }

    /** Hadoop's RPC puts the server's stack trace into the message of the exception it rebuilds. */
    @Test
    void aMessageWithTheServersStackTraceIsCutToItsFirstLine() {
        ClusterAccessException remote = new ClusterAccessException("cannot find the session application_1_0001: "
                + "Application with id 'application_1_0001' doesn't exist in RM.\n\tat org.apache.hadoop.yarn.server."
                + "resourcemanager.ClientRMService.getApplicationReport(ClientRMService.java:412)\n");

        CliExceptionHandler.Report report = CliExceptionHandler.report(remote, false);

        assertEquals(ExitCodes.CLUSTER_ERROR, report.exitCode());
        assertEquals(
                "spindle: error: cannot find the session application_1_0001: Application with id "
                        + "'application_1_0001' doesn't exist in RM.",
                report.line());
    }

    @Test
    void aBadValueMainSetInCodeIsAUsageError() {
        Exception failure = new ProgramFailedException(
                "Main",
                new dev.spindle.config.IllegalConfigurationException(
                        "invalid value '0' for x: expected an integer, at least 1"));

        CliExceptionHandler.Report report = CliExceptionHandler.report(failure, false);

        assertEquals(ExitCodes.USAGE_ERROR, report.exitCode());
        assertEquals("spindle: error: invalid value '0' for x: expected an integer, at least 1", report.line());
    }
}
