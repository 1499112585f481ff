package dev.spindle.metrics.reporter.jmx;

import dev.spindle.metrics.Counter;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.Histogram;
import dev.spindle.metrics.Meter;
import dev.spindle.metrics.Metric;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;

/** The MBeans the JMX reporter registers, one per metric, with Flink's attribute names. */
final class JmxMetricBeans {
    private JmxMetricBeans() {}

    /** A counter: attribute {@code Count}. */
    public interface JmxCounterMBean {
        long getCount();
    }

    /** A gauge: attribute {@code Value}. */
    public interface JmxGaugeMBean {
        Object getValue();
    }

    /** A meter: attributes {@code Rate} and {@code Count}. */
    public interface JmxMeterMBean {
        double getRate();

        long getCount();
    }

    /** A histogram: its count and statistics. */
    public interface JmxHistogramMBean {
        long getCount();

        double getMean();

        double getStdDev();

        long getMax();

        long getMin();

        double getMedian();

        double get75thPercentile();

        double get95thPercentile();

        double get98thPercentile();

        double get99thPercentile();

        double get999thPercentile();
    }

    /** The MBean of {@code metric}, or null for a kind of metric JMX does not show. */
    static StandardMBean of(Metric metric) throws NotCompliantMBeanException {
        if (metric instanceof Counter c) {
            return new StandardMBean((JmxCounterMBean) c::getCount, JmxCounterMBean.class);
        }
        if (metric instanceof Gauge<?> g) {
            JmxGaugeMBean bean = () -> {
                Object v = g.getValue();
                return v instanceof Number || v instanceof Boolean ? v : String.valueOf(v);
            };
            return new StandardMBean(bean, JmxGaugeMBean.class);
        }
        if (metric instanceof Meter m) {
            return new StandardMBean(
                    new JmxMeterMBean() {
                        @Override
                        public double getRate() {
                            return m.getRate();
                        }

                        @Override
                        public long getCount() {
                            return m.getCount();
                        }
                    },
                    JmxMeterMBean.class);
        }
        if (metric instanceof Histogram h) {
            return new StandardMBean(new HistogramBean(h), JmxHistogramMBean.class);
        }
        return null;
    }

    private record HistogramBean(Histogram h) implements JmxHistogramMBean {
        @Override
        public long getCount() {
            return h.getCount();
        }

        @Override
        public double getMean() {
            return h.getStatistics().getMean();
        }

        @Override
        public double getStdDev() {
            return h.getStatistics().getStdDev();
        }

        @Override
        public long getMax() {
            return h.getStatistics().getMax();
        }

        @Override
        public long getMin() {
            return h.getStatistics().getMin();
        }

        @Override
        public double getMedian() {
            return h.getStatistics().getQuantile(0.5);
        }

        @Override
        public double get75thPercentile() {
            return h.getStatistics().getQuantile(0.75);
        }

        @Override
        public double get95thPercentile() {
            return h.getStatistics().getQuantile(0.95);
        }

        @Override
        public double get98thPercentile() {
            return h.getStatistics().getQuantile(0.98);
        }

        @Override
        public double get99thPercentile() {
            return h.getStatistics().getQuantile(0.99);
        }

        @Override
        public double get999thPercentile() {
            return h.getStatistics().getQuantile(0.999);
        }
    }
}
