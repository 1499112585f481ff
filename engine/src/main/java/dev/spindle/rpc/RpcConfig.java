package dev.spindle.rpc;

import dev.spindle.config.Configuration;
import dev.spindle.config.RpcOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link RpcServer} or {@link RpcClient}. Immutable; start from {@link #defaults()}.
 *
 * @param askTimeout how long a call waits for its response before its future fails with
 *     {@link java.util.concurrent.TimeoutException}
 * @param handshakeTimeout how long a peer has to complete authentication before it is disconnected
 * @param connectTimeout how long a client waits for the TCP connection to open
 * @param maxFrameBytes the largest frame either side sends or accepts; a larger length prefix is
 *     a protocol error that closes the connection
 * @param maxHandshakes how many connections a server holds that have not authenticated yet; more
 *     are closed as soon as they are accepted (authenticated connections are not limited)
 * @param maxHandshakesPerAddress the same, per remote address, so that one peer cannot take them all
 */
public record RpcConfig(
        Duration askTimeout,
        Duration handshakeTimeout,
        Duration connectTimeout,
        int maxFrameBytes,
        int maxHandshakes,
        int maxHandshakesPerAddress) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;
    /** Far above what a cluster's own peers need at once, far below a process's descriptor limit. */
    public static final int DEFAULT_MAX_HANDSHAKES = 1024;

    public static final int DEFAULT_MAX_HANDSHAKES_PER_ADDRESS = 256;

    public RpcConfig {
        Objects.requireNonNull(askTimeout, "askTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        requirePositive("askTimeout", askTimeout);
        requirePositive("handshakeTimeout", handshakeTimeout);
        requirePositive("connectTimeout", connectTimeout);
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, was " + maxFrameBytes);
        }
        if (maxHandshakes < 1 || maxHandshakesPerAddress < 1) {
            throw new IllegalArgumentException("the handshake limits must be at least 1, were " + maxHandshakes
                    + " and " + maxHandshakesPerAddress);
        }
    }

    public static RpcConfig defaults() {
        return new RpcConfig(
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                DEFAULT_MAX_FRAME_BYTES,
                DEFAULT_MAX_HANDSHAKES,
                DEFAULT_MAX_HANDSHAKES_PER_ADDRESS);
    }

    /** The defaults with the ask timeout, frame size and handshake timeout of {@link RpcOptions} from {@code config}. */
    public static RpcConfig from(Configuration config) {
        return defaults()
                .withAskTimeout(config.get(RpcOptions.ASK_TIMEOUT))
                .withHandshakeTimeout(config.get(RpcOptions.HANDSHAKE_TIMEOUT))
                .withMaxFrameBytes(
                        Math.toIntExact(config.get(RpcOptions.FRAME_SIZE).bytes()));
    }

    public RpcConfig withAskTimeout(Duration timeout) {
        return new RpcConfig(
                timeout, handshakeTimeout, connectTimeout, maxFrameBytes, maxHandshakes, maxHandshakesPerAddress);
    }

    public RpcConfig withHandshakeTimeout(Duration timeout) {
        return new RpcConfig(
                askTimeout, timeout, connectTimeout, maxFrameBytes, maxHandshakes, maxHandshakesPerAddress);
    }

    public RpcConfig withConnectTimeout(Duration timeout) {
        return new RpcConfig(
                askTimeout, handshakeTimeout, timeout, maxFrameBytes, maxHandshakes, maxHandshakesPerAddress);
    }

    public RpcConfig withMaxFrameBytes(int bytes) {
        return new RpcConfig(
                askTimeout, handshakeTimeout, connectTimeout, bytes, maxHandshakes, maxHandshakesPerAddress);
    }

    /** @see #maxHandshakes() */
    public RpcConfig withMaxHandshakes(int total, int perAddress) {
        return new RpcConfig(askTimeout, handshakeTimeout, connectTimeout, maxFrameBytes, total, perAddress);
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
