package dev.spindle.metrics.reporter;

import dev.spindle.config.IllegalConfigurationException;
import java.util.ArrayList;
import java.util.List;

/** The ports a reporter may serve on, as its {@code .port} option gives them. */
public final class PortRanges {
    private PortRanges() {}

    /**
     * Parses {@code 9250}, {@code 9250-9260} or {@code 9250,9252}, in that order.
     *
     * @throws IllegalConfigurationException naming {@code key} when it is none of those
     */
    public static List<Integer> parse(String value, String key) {
        List<Integer> ports = new ArrayList<>();
        try {
            for (String part : value.split(",")) {
                String p = part.trim();
                int dash = p.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int to =
                        dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
                if (from < 1 || to > 65535 || from > to) {
                    throw new NumberFormatException();
                }
                for (int port = from; port <= to; port++) {
                    ports.add(port);
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalConfigurationException(key + ": '" + value
                    + "' is not a port (1-65535), a range such as 9250-9260, or a list such as 9250,9252");
        }
        return ports;
    }
}
