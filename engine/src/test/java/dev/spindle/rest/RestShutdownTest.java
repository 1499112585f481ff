package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.rest.client.RestClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code DELETE /cluster}: authenticated, answered, then handed to the owner's callback. */
class RestShutdownTest extends RestTestSupport {

    @Test
    void callsTheOwnersCallbackAfterAnswering() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        start(new Configuration(), called::countDown);
        Reply r = send("DELETE", "/cluster", token(), null, new byte[0]);
        assertEquals(202, r.status());
        assertTrue(called.await(10, TimeUnit.SECONDS));
    }

    @Test
    void needsTheToken() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        start(new Configuration(), called::countDown);
        assertEquals(401, send("DELETE", "/cluster", null, null, new byte[0]).status());
        assertEquals(401, send("DELETE", "/cluster", "wrong", null, new byte[0]).status());
        assertFalse(called.await(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void withoutCallbackTheClusterSaysItIsNotStoppedThisWay() throws Exception {
        start();
        Reply r = send("DELETE", "/cluster", token(), null, new byte[0]);
        assertEquals(501, r.status());
        assertTrue(r.error().contains("not stopped through REST"), r.error());
    }

    @Test
    void restClientShutsTheClusterDown() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        start(new Configuration(), called::countDown);
        new RestClient(uri(""), secret, Duration.ofSeconds(10)).shutDownCluster();
        assertTrue(called.await(10, TimeUnit.SECONDS));
    }
}
