package dev.spindle.ha;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.UUID;

/**
 * Who leads and where to reach it: what the leader publishes and what ZooKeeper's leader node holds.
 *
 * <p>Encoded without Java serialization, so that JobManagers and TaskManagers of different builds
 * read each other's nodes or fail with a clear message:
 *
 * <pre>
 * magic "SPLI" i32 | version u8 (1) | session id 2×i64 | rpcAddress UTF | hasRest u8 | restAddress UTF?
 * </pre>
 * (big-endian; UTF as {@link DataOutputStream#writeUTF}).
 *
 * @param sessionId the leadership's fencing token
 * @param rpcAddress the leader's RPC endpoint, {@code host:port}
 * @param restAddress the leader's REST endpoint as a URL, or null if it serves none
 */
public record LeaderInformation(UUID sessionId, String rpcAddress, String restAddress) {
    private static final int MAGIC = 0x53504C49; // "SPLI"
    private static final int VERSION = 1;

    public LeaderInformation {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(rpcAddress, "rpcAddress");
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeLong(sessionId.getMostSignificantBits());
            out.writeLong(sessionId.getLeastSignificantBits());
            out.writeUTF(rpcAddress);
            out.writeBoolean(restAddress != null);
            if (restAddress != null) {
                out.writeUTF(restAddress);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes {@link #toBytes}.
     *
     * @throws IOException if {@code bytes} are not leader information of a known version
     */
    public static LeaderInformation fromBytes(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (bytes.length < 5 || in.readInt() != MAGIC) {
                throw new IOException("not Spindle leader information (" + bytes.length + " bytes)");
            }
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException("leader information of version " + version + "; this build reads version "
                        + VERSION + " (are JobManager and TaskManagers of the same Spindle version?)");
            }
            UUID session = new UUID(in.readLong(), in.readLong());
            String rpc = in.readUTF();
            String rest = in.readBoolean() ? in.readUTF() : null;
            if (in.available() != 0) {
                throw new IOException("leader information with " + in.available() + " unexpected trailing bytes");
            }
            return new LeaderInformation(session, rpc, rest);
        } catch (java.io.EOFException e) {
            throw new IOException("truncated leader information (" + bytes.length + " bytes)", e);
        }
    }
}
