package dev.spindle.metrics.scope;

import dev.spindle.config.ConfigOption;
import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.MetricOptions;

/**
 * The scope formats of every kind of group, from {@code metrics.scope.*}.
 *
 * @param jobManager {@code metrics.scope.jm}
 * @param jobManagerJob {@code metrics.scope.jm-job}
 * @param taskManager {@code metrics.scope.tm}
 * @param taskManagerJob {@code metrics.scope.tm-job}
 * @param task {@code metrics.scope.task}
 * @param operator {@code metrics.scope.operator}
 */
public record ScopeFormats(
        ScopeFormat jobManager,
        ScopeFormat jobManagerJob,
        ScopeFormat taskManager,
        ScopeFormat taskManagerJob,
        ScopeFormat task,
        ScopeFormat operator) {

    /**
     * @throws IllegalConfigurationException naming the option whose format is empty
     */
    public static ScopeFormats from(Configuration config) {
        return new ScopeFormats(
                read(config, MetricOptions.SCOPE_JM),
                read(config, MetricOptions.SCOPE_JM_JOB),
                read(config, MetricOptions.SCOPE_TM),
                read(config, MetricOptions.SCOPE_TM_JOB),
                read(config, MetricOptions.SCOPE_TASK),
                read(config, MetricOptions.SCOPE_OPERATOR));
    }

    private static ScopeFormat read(Configuration config, ConfigOption<String> option) {
        String value = config.get(option);
        if (value == null || value.isBlank()) {
            throw new IllegalConfigurationException(
                    option.key() + " must not be empty; its default is " + option.defaultValue());
        }
        return new ScopeFormat(value);
    }
}
