package dev.spindle.ha.testing;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The classpath of a ZooKeeper server JVM: the jars (or class directories) of this test JVM that
 * hold the server and what it needs at run time, found by one class of each, so that the server is
 * the very ZooKeeper the engine's client is built with, whatever the build tool's classpath looks
 * like (surefire may hide it behind a manifest-only jar).
 */
final class ZooKeeperClasspath {
    /**
     * One class of each library the server loads (ZooKeeper, its wire format, its snapshots'
     * Snappy, Netty, metrics, logging), with the artifact that holds it, for the message when it
     * is missing.
     */
    private static final Map<String, String> CLASSES = orderedMap(
            "org.apache.zookeeper.server.quorum.QuorumPeerMain", "org.apache.zookeeper:zookeeper",
            "org.apache.jute.Record", "org.apache.zookeeper:zookeeper-jute",
            "org.apache.yetus.audience.InterfaceAudience", "org.apache.yetus:audience-annotations",
            "org.apache.commons.io.FileUtils", "commons-io:commons-io",
            "org.xerial.snappy.SnappyInputStream", "org.xerial.snappy:snappy-java",
            "com.codahale.metrics.Histogram", "io.dropwizard.metrics:metrics-core",
            "io.netty.handler.ssl.SslContext", "io.netty:netty-handler",
            "io.netty.handler.codec.ByteToMessageDecoder", "io.netty:netty-codec",
            "io.netty.channel.Channel", "io.netty:netty-transport",
            "io.netty.channel.unix.Socket", "io.netty:netty-transport-native-unix-common",
            "io.netty.buffer.ByteBuf", "io.netty:netty-buffer",
            "io.netty.resolver.AddressResolver", "io.netty:netty-resolver",
            "io.netty.util.concurrent.Future", "io.netty:netty-common",
            "org.slf4j.Logger", "org.slf4j:slf4j-api",
            "org.slf4j.impl.Reload4jLoggerAdapter", "org.slf4j:slf4j-reload4j",
            "org.apache.log4j.Logger", "ch.qos.reload4j:reload4j");

    private static String classpath;

    private ZooKeeperClasspath() {}

    static synchronized String get() {
        if (classpath == null) {
            Set<String> entries = new LinkedHashSet<>();
            CLASSES.forEach((name, artifact) -> entries.add(locationOf(name, artifact)));
            classpath = String.join(File.pathSeparator, entries);
        }
        return classpath;
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static String locationOf(String className, String artifact) {
        try {
            Class<?> type = Class.forName(className, false, ZooKeeperClasspath.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null) {
                throw new IllegalStateException("no code source of " + className);
            }
            return Path.of(source.getLocation().toURI()).toString();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    className + " is not on the test classpath, and the ZooKeeper server process needs it: add "
                            + artifact + " to the module's test dependencies",
                    e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the location of " + className + " is no path", e);
        }
    }
}
