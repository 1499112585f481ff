package dev.spindle.metrics.reporter.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.MeterView;
import dev.spindle.metrics.ReservoirHistogram;
import dev.spindle.metrics.SimpleCounter;
import dev.spindle.metrics.groups.OperatorMetricGroup;
import dev.spindle.metrics.groups.TaskManagerMetricGroup;
import dev.spindle.metrics.groups.TaskMetricGroup;
import dev.spindle.metrics.registry.MetricRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JMX reporter: MBean names as Flink's with Spindle's domain, attributes read over a real JMX
 * connection on the configured port, MBeans gone with their group, the port free after close.
 */
class JmxReporterTest {
    private static final String OPERATOR_ID = "0123456789abcdef0123456789abcdef";
    private MetricRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up), with room for a range of 21 above it:
     * RMI's client side may call a closed connector's port again for a moment (its distributed
     * garbage collector), and no later test's server bound to port 0 must be that port (a case seen:
     * an RPC server's refusal log filled by such calls).
     */
    private static int freePort() throws IOException {
        int start = 22000 + (int) (ProcessHandle.current().pid() % 400) * 20;
        for (int port = start; port < 32000; port += 21) {
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IOException("no free port between " + start + " and 32000");
    }

    @Test
    void metricsAreMBeansReadableOverTheNetworkAndGoWithTheirGroup() throws Exception {
        int taken = freePort();
        int port;
        Configuration config = new Configuration();
        config.setString("metrics.reporter.jmx.type", "jmx");
        try (ServerSocket occupied = new ServerSocket(taken)) {
            // The first port of the range is taken: the reporter moves on to the next free one.
            int next = taken + 1;
            config.setString("metrics.reporter.jmx.port", occupied.getLocalPort() + "-" + (taken + 20));
            registry = MetricRegistry.create(config);
            port = ((JmxReporter) registry.reporters().get(0).reporter()).port();
            assertTrue(port >= next && port <= taken + 20, "port " + port);

            TaskManagerMetricGroup tm = new TaskManagerMetricGroup(registry, "host1", "tm-1");
            TaskMetricGroup task = tm.addTask("jobhex", "Word Count", "2", "Flat Map", 1, 0);
            SimpleCounter out = task.counter("numRecordsOut", new SimpleCounter());
            out.inc(42);
            OperatorMetricGroup op = task.addOperator(OPERATOR_ID, "Tokenizer");
            op.counter("numRecordsOut", out); // one counter in two groups, as a chain's tail shares the task's
            op.gauge("answer", (Gauge<Integer>) () -> 7);
            MeterView meter = op.meter("perSecond", new MeterView(new SimpleCounter(), 5));
            meter.markEvent(10);
            meter.update();
            op.histogram("sizes", new ReservoirHistogram(4)).update(3);

            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            try (JMXConnector connector = JMXConnectorFactory.connect(url, clientEnvironment())) {
                MBeanServerConnection remote = connector.getMBeanServerConnection();
                ObjectName counter = new ObjectName("dev.spindle.taskmanager.job.task.numRecordsOut:host=host1,"
                        + "tm_id=tm-1,job_id=jobhex,job_name=Word_Count,task_id=2,task_name=Flat_Map,"
                        + "task_attempt_id=2_1_0,task_attempt_num=0,subtask_index=1");
                assertEquals(42L, remote.getAttribute(counter, "Count"));
                Set<ObjectName> gauges = remote.queryNames(
                        new ObjectName("dev.spindle.taskmanager.job.task.operator.answer:job_id=jobhex,*"), null);
                assertEquals(1, gauges.size());
                ObjectName gauge = gauges.iterator().next();
                assertEquals("Tokenizer", gauge.getKeyProperty("operator_name"));
                assertEquals(OPERATOR_ID, gauge.getKeyProperty("operator_id"));
                assertEquals(7, remote.getAttribute(gauge, "Value"));
                ObjectName meterName =
                        new ObjectName(gauge.toString().replace("operator.answer:", "operator.perSecond:"));
                assertEquals(2.0, remote.getAttribute(meterName, "Rate"));
                assertEquals(10L, remote.getAttribute(meterName, "Count"));
                ObjectName histogram = new ObjectName(gauge.toString().replace("operator.answer:", "operator.sizes:"));
                assertEquals(1L, remote.getAttribute(histogram, "Count"));
                assertEquals(3L, remote.getAttribute(histogram, "Max"));

                task.close();
                assertFalse(remote.isRegistered(counter));
                assertEquals(
                        Set.of(),
                        remote.queryNames(new ObjectName("dev.spindle.taskmanager.job.*:job_id=jobhex,*"), null));
            }
            registry.close();
        }
        // The reporter's port is free again (RMI may close its listening socket a moment after the unexport).
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                Registry again = LocateRegistry.createRegistry(port);
                UnicastRemoteObject.unexportObject(again, true);
                break;
            } catch (java.rmi.server.ExportException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * The JNDI factory of the RMI registry, named explicitly: a jndi.properties on the test
     * classpath (Hadoop's minicluster jar) names one that is not there.
     */
    static java.util.Map<String, Object> clientEnvironment() {
        return java.util.Map.of(
                javax.naming.Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.rmi.registry.RegistryContextFactory");
    }

    @Test
    void invalidCharactersAreReplacedAsFlinkDoes() {
        assertEquals("a_b-c-d", JmxReporter.replaceInvalidChars("a b,c=d\""));
        assertEquals("_", JmxReporter.replaceInvalidChars(""));
    }
}
