package dev.spindle.yarn;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * Applications whose ApplicationMaster is the test's own JVM (an unmanaged AM). The application is
 * ACCEPTED before its attempt exists and has an AMRM token: an AM that registers then has no token to
 * register with (a user without one is refused, and the AM ends with its start-failure code). So, as
 * Hadoop's own unmanaged-AM launcher does, the attempt is awaited in state LAUNCHED first.
 */
public final class UnmanagedApplications {
    private static final long TIMEOUT_MS = 30_000;

    private UnmanagedApplications() {}

    /** A submitted unmanaged application whose attempt is LAUNCHED. */
    public record Submitted(ApplicationId id, UserGroupInformation amUser) {}

    /** Submits an unmanaged application and returns it with a user holding its AMRM token. */
    public static Submitted submit(YarnClient client, String name) throws Exception {
        ApplicationSubmissionContext app = client.createApplication().getApplicationSubmissionContext();
        ApplicationId id = app.getApplicationId();
        app.setApplicationName(name);
        app.setUnmanagedAM(true);
        app.setQueue("default");
        app.setPriority(Priority.newInstance(0));
        app.setResource(Resource.newInstance(64, 1));
        app.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(), List.of(), null, null, null));
        client.submitApplication(app);
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            ApplicationReport report = client.getApplicationReport(id);
            ApplicationAttemptId attempt = report.getCurrentApplicationAttemptId();
            if (attempt != null
                    && client.getApplicationAttemptReport(attempt).getYarnApplicationAttemptState()
                            == YarnApplicationAttemptState.LAUNCHED) {
                Token<AMRMTokenIdentifier> token = client.getAMRMToken(id);
                if (token != null) {
                    UserGroupInformation user = UserGroupInformation.createRemoteUser(
                            UserGroupInformation.getCurrentUser().getShortUserName());
                    user.addToken(token);
                    return new Submitted(id, user);
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the unmanaged application " + id + " has no launched attempt with an"
                        + " AMRM token after " + TIMEOUT_MS + " ms; it is " + report.getYarnApplicationState());
            }
            Thread.sleep(50);
        }
    }
}
