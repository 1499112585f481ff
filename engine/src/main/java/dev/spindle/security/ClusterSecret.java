package dev.spindle.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The per-cluster secret with which every RPC and data connection authenticates. It is made by
 * the client, travels in a file (locally) or in YARN's credentials (later), and is never put on
 * a command line, in a log or in {@link #toString()}.
 */
public final class ClusterSecret {
    /** Environment variable naming the file that holds the secret, for processes the cluster starts. */
    public static final String FILE_ENV = "SPINDLE_CLUSTER_SECRET_FILE";

    private static final int BYTES = 32;

    private final byte[] key;

    private ClusterSecret(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a cluster secret needs at least 16 bytes");
        }
        this.key = key.clone();
    }

    public static ClusterSecret generate() {
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        return new ClusterSecret(key);
    }

    public static ClusterSecret of(byte[] key) {
        return new ClusterSecret(key);
    }

    /** Reads a secret written by {@link #writeTo}: hex digits on one line. */
    public static ClusterSecret readFrom(Path file) throws IOException {
        String hex = Files.readString(file).trim();
        try {
            return new ClusterSecret(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IOException("the cluster secret file " + file + " is malformed", e);
        }
    }

    /** Writes the secret as hex into a new file readable by its owner only. */
    public void writeTo(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, HexFormat.of().formatHex(key) + "\n");
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A copy of the key bytes, for handing the secret to a process through a channel that keeps it
     * secret (YARN credentials); never log or print them.
     */
    public byte[] toBytes() {
        return key.clone();
    }

    /** The key bytes; only for computing proofs. */
    byte[] key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterSecret other && java.security.MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "ClusterSecret(redacted)";
    }
}
