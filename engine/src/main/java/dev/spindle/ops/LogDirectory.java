package dev.spindle.ops;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The log files of this process: the files of the directory that holds the file named by the
 * system property {@value #LOG_FILE_PROPERTY}, which the launcher sets (on YARN the container's log
 * directory, where {@code yarn logs} finds them; for a standalone cluster the cluster directory or the
 * TaskManager's directory). A process without the property (local mode, tests) has none.
 *
 * <p>Only files whose names look like logs are shown or read ({@code *.log}, {@code *.log.<n>},
 * {@code *.out}, {@code *.err}, {@code stdout}, {@code stderr}): the same directory may hold files
 * that are no one's business over REST (a standalone cluster's secret, a container's launch script).
 * A name must be a plain file name: no separator, not {@code .} or {@code ..}; a symbolic link that
 * leads out of the directory is not followed.
 */
public final class LogDirectory {
    /** Names the process's log file; its directory is the log directory. */
    public static final String LOG_FILE_PROPERTY = "spindle.log.file";

    /** The most bytes one {@link #read} returns, well below the RPC frame limit. */
    public static final int MAX_CHUNK_BYTES = 1024 * 1024;

    /** A process without log files. */
    public static final LogDirectory NONE = new LogDirectory(null);

    private final Path directory;

    private LogDirectory(Path directory) {
        this.directory = directory;
    }

    /** The directory of the file {@value #LOG_FILE_PROPERTY} names, or {@link #NONE} when it is not set. */
    public static LogDirectory fromSystemProperties() {
        String file = System.getProperty(LOG_FILE_PROPERTY);
        if (file == null || file.isBlank()) {
            return NONE;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        return parent == null ? NONE : new LogDirectory(parent);
    }

    /** The log files of {@code directory}. */
    public static LogDirectory of(Path directory) {
        return new LogDirectory(Objects.requireNonNull(directory, "directory").toAbsolutePath());
    }

    /** The directory, or null for a process without log files. */
    public Path directory() {
        return directory;
    }

    /** The log files, by name; empty when the directory does not exist (yet). */
    public List<LogFileInfo> list() throws IOException {
        List<LogFileInfo> files = new ArrayList<>();
        if (directory == null || !Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (isLogName(name) && inside(p)) {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        files.add(new LogFileInfo(
                                name, a.size(), a.lastModifiedTime().toMillis()));
                    }
                }
            }
        }
        files.sort(Comparator.comparing(LogFileInfo::name));
        return files;
    }

    /**
     * Up to {@code length} (at most {@link #MAX_CHUNK_BYTES}) bytes of the log file {@code name} from
     * {@code offset}; fewer at its end, none past it.
     *
     * @throws IllegalArgumentException when {@code name} is not a plain file name or the range is negative
     * @throws UnknownLogFileException when there is no such log file here
     */
    public byte[] read(String name, long offset, int length) throws IOException, UnknownLogFileException {
        Path file = resolve(name);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "offset and length must not be negative, were " + offset + ", " + length);
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long available = Math.max(0, in.length() - offset);
            byte[] chunk = new byte[(int) Math.min(available, Math.min(length, MAX_CHUNK_BYTES))];
            in.seek(offset);
            in.readFully(chunk);
            return chunk;
        }
    }

    /** The log file {@code name}, checked as {@link #read} checks it. */
    private Path resolve(String name) throws IOException, UnknownLogFileException {
        checkPlainName(name);
        if (directory == null) {
            throw new UnknownLogFileException("this process keeps no log files (no " + LOG_FILE_PROPERTY + ")");
        }
        Path file = directory.resolve(name);
        if (!isLogName(name) || !Files.isRegularFile(file) || !inside(file)) {
            throw new UnknownLogFileException("no log file '" + name + "'; the logs route lists them");
        }
        return file;
    }

    /** @throws IllegalArgumentException when {@code name} is not a plain file name */
    public static void checkPlainName(String name) {
        if (name == null
                || name.isEmpty()
                || name.equals(".")
                || name.equals("..")
                || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a plain file name; give the name of a file that the logs route lists");
        }
    }

    /** Whether a file of this name counts as a log file. */
    static boolean isLogName(String name) {
        return name.endsWith(".log")
                || name.matches(".+\\.log\\.\\d+")
                || name.endsWith(".out")
                || name.endsWith(".err")
                || name.equals("stdout")
                || name.equals("stderr");
    }

    /** Whether {@code file}, links resolved, is still a file of the directory (no link leads out). */
    private boolean inside(Path file) throws IOException {
        if (!Files.isSymbolicLink(file)) {
            return true;
        }
        if (!Files.exists(file)) {
            return false;
        }
        Path real = file.toRealPath();
        return real.getParent() != null
                && real.getParent()
                        .equals(directory.toRealPath(LinkOption.NOFOLLOW_LINKS).toRealPath());
    }
}
