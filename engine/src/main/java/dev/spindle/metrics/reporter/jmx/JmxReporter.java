package dev.spindle.metrics.reporter.jmx;

import dev.spindle.metrics.Metric;
import dev.spindle.metrics.MetricGroup;
import dev.spindle.metrics.reporter.MetricConfig;
import dev.spindle.metrics.reporter.MetricReporter;
import java.lang.management.ManagementFactory;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers each metric as an MBean on the platform MBean server, named as Flink's JMXReporter names
 * them with Spindle's domain: {@code dev.spindle.<logical scope>.<name>} with the group's variables
 * as key properties, e.g. {@code dev.spindle.taskmanager.job.task.numRecordsOut:host=...,tm_id=...,
 * job_id=...,task_name=...,subtask_index=0,...}. With {@code metrics.reporter.<name>.port} (a port,
 * a range {@code 9250-9260} or a list) it also serves the MBean server over a JMX connector (RMI)
 * on the first free port of those, which it logs.
 *
 * <p>The connector has no authentication (as Flink's): whoever reaches the port can use every MBean
 * of the JVM. Open it only to trusted networks.
 */
public final class JmxReporter implements MetricReporter {
    private static final Logger LOG = LoggerFactory.getLogger(JmxReporter.class);
    static final String DOMAIN_PREFIX = "dev.spindle.";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    /**
     * The MBeans this reporter registered, by name: by name, not by metric, because one metric may be
     * registered in two groups (an operator's records out are the next operator's records in).
     */
    private final Set<ObjectName> registered = ConcurrentHashMap.newKeySet();

    private JmxConnectorServer connector;

    @Override
    public void open(MetricConfig config) {
        String ports = config.getString("port", null);
        if (ports != null) {
            connector = JmxConnectorServer.start(JmxConnectorServer.parsePorts(ports, config.keyOf("port")));
            LOG.info("JMX reporter {} serves JMX on port {}", config.reporterName(), connector.port());
        }
    }

    /** The port of the JMX connector, or -1 when none was asked for. */
    public int port() {
        return connector == null ? -1 : connector.port();
    }

    @Override
    public void close() {
        for (ObjectName name : registered) {
            unregister(name);
        }
        registered.clear();
        if (connector != null) {
            connector.stop();
            connector = null;
        }
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        ObjectName name;
        try {
            name = objectName(metricName, group);
            StandardMBean bean = JmxMetricBeans.of(metric);
            if (bean == null) {
                return;
            }
            server.registerMBean(bean, name);
        } catch (InstanceAlreadyExistsException e) {
            LOG.debug("An MBean for metric {} is already registered; the second one is not shown", metricName);
            return;
        } catch (JMException e) {
            LOG.warn("Metric {} could not be registered with JMX: {}", metricName, e.toString());
            return;
        }
        registered.add(name);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        try {
            ObjectName name = objectName(metricName, group);
            if (registered.remove(name)) {
                unregister(name);
            }
        } catch (JMException e) {
            LOG.debug("Metric {} had no valid MBean name: {}", metricName, e.toString());
        }
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (JMException e) {
            LOG.debug("MBean {} could not be unregistered: {}", name, e.toString());
        }
    }

    /** {@code dev.spindle.<logical scope>.<name>:<variable>=<value>,...}. */
    static ObjectName objectName(String metricName, MetricGroup group) throws JMException {
        Hashtable<String, String> properties = new Hashtable<>();
        group.getAllVariables()
                .forEach((k, v) -> properties.put(replaceInvalidChars(strip(k)), replaceInvalidChars(v)));
        String domain =
                DOMAIN_PREFIX + replaceInvalidChars(group.getLogicalScope(".")) + "." + replaceInvalidChars(metricName);
        if (properties.isEmpty()) {
            return new ObjectName(domain + ":name=" + replaceInvalidChars(metricName));
        }
        return new ObjectName(domain, properties);
    }

    private static String strip(String variable) {
        return variable.startsWith("<") && variable.endsWith(">")
                ? variable.substring(1, variable.length() - 1)
                : variable;
    }

    /** As Flink's: quotes dropped, blanks to {@code _}, characters that ObjectName reserves to {@code -}. */
    static String replaceInvalidChars(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\'' -> {}
                case ' ' -> b.append('_');
                case ',', '=', ';', ':', '?', '*', '\n', '\\' -> b.append('-');
                default -> b.append(c);
            }
        }
        return b.length() == 0 ? "_" : b.toString();
    }
}
