package dev.spindle.ha.testing;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classpath of a ZooKeeper server JVM: the jars (or class directories) of this test JVM that
 * hold the server and what it needs at run time, found by one class of each, so that the server is
 * the very ZooKeeper the engine's client is built with, whatever the build tool's classpath looks
 * like (surefire may hide it behind a manifest-only jar).
 */
final class ZooKeeperClasspath {
    /** One class of each library the server loads: ZooKeeper, its wire format, its
     * snapshots (Snappy), Netty, metrics, logging. */
    private static final List<String> CLASSES = List.of(
            "org.apache.zookeeper.server.quorum.QuorumPeerMain",
            "org.apache.jute.Record",
            "org.apache.yetus.audience.InterfaceAudience",
            "org.apache.commons.io.FileUtils",
            "org.xerial.snappy.SnappyInputStream",
            "com.codahale.metrics.Histogram",
            "io.netty.handler.ssl.SslContext",
            "io.netty.handler.codec.ByteToMessageDecoder",
            "io.netty.channel.Channel",
            "io.netty.channel.unix.Socket",
            "io.netty.buffer.ByteBuf",
            "io.netty.resolver.AddressResolver",
            "io.netty.util.concurrent.Future",
            "org.slf4j.Logger",
            "org.slf4j.impl.Reload4jLoggerAdapter",
            "org.apache.log4j.Logger");

    private static String classpath;

    private ZooKeeperClasspath() {}

    static synchronized String get() {
        if (classpath == null) {
            Set<String> entries = new LinkedHashSet<>();
            for (String name : CLASSES) {
                entries.add(locationOf(name));
            }
            classpath = String.join(File.pathSeparator, entries);
        }
        return classpath;
    }

    private static String locationOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, ZooKeeperClasspath.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null) {
                throw new IllegalStateException("no code source of " + className);
            }
            return Path.of(source.getLocation().toURI()).toString();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    className + " is not on the test classpath: the ZooKeeper server process needs it", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the location of " + className + " is no path", e);
        }
    }
}
