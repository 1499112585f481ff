package dev.spindle.state;

import dev.spindle.types.DataInputView;
import dev.spindle.types.KeyGroupRange;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads keyed state files ({@link KeyedStateFile}) written for any key group ranges and keeps the
 * blocks of the key groups in one target range, still as bytes ({@link RestoredState}).
 */
final class KeyedStateFileReader {
    private final KeyGroupRange range;
    private final int maxParallelism;
    private final Map<String, RestoredState> states = new LinkedHashMap<>();
    private final boolean[] seenGroups;

    private KeyedStateFileReader(KeyGroupRange range, int maxParallelism) {
        this.range = range;
        this.maxParallelism = maxParallelism;
        this.seenGroups = new boolean[range.size()];
    }

    /** The states in {@code files}, by name in the order first seen, with the blocks of {@code range}. */
    static Map<String, RestoredState> read(KeyGroupRange range, int maxParallelism, List<InputStream> files)
            throws IOException {
        KeyedStateFileReader reader = new KeyedStateFileReader(range, maxParallelism);
        for (int i = 0; i < files.size(); i++) {
            String file = "keyed state file " + (i + 1) + " of " + files.size();
            DataInputStream in = new DataInputStream(new BufferedInputStream(files.get(i), 64 * 1024));
            try {
                reader.readFile(in);
            } catch (EOFException e) {
                throw new IOException(
                        "cannot restore keyed state: " + file + " is truncated (" + e.getMessage() + ")", e);
            } catch (IOException e) {
                throw new IOException("cannot restore keyed state from " + file + ": " + e.getMessage(), e);
            }
        }
        return reader.states;
    }

    private void readFile(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != KeyedStateFile.MAGIC) {
            throw new IOException(String.format("not a Spindle keyed state file (magic 0x%08x)", magic));
        }
        int version = in.readInt();
        if (version != KeyedStateFile.VERSION) {
            throw new IOException("the file has format version " + version + ", this Spindle reads version "
                    + KeyedStateFile.VERSION);
        }
        long position = 8;
        byte[] header = KeyedStateFile.readFrame(in, "the header");
        position += 8L + header.length;
        DataInputView h = new DataInputView(header);
        KeyGroupRange fileRange = readRange(h);
        RestoredState[] fileStates = readStates(h);

        long[] offsets = new long[fileRange.size()];
        for (int g = 0; g < offsets.length; g++) {
            int keyGroup = fileRange.start() + g;
            offsets[g] = position;
            byte[] section = KeyedStateFile.readFrame(in, "key group " + keyGroup);
            position += 8L + section.length;
            readSection(new DataInputView(section), keyGroup, fileStates);
        }
        checkIndex(KeyedStateFile.readFrame(in, "the index"), fileRange, offsets);
        if (in.readLong() != position || in.readInt() != KeyedStateFile.END_MAGIC) {
            throw new IOException("corrupt keyed state file: the trailer does not match the index");
        }
    }

    private KeyGroupRange readRange(DataInputView h) throws IOException {
        int fileMaxParallelism = h.readInt();
        if (fileMaxParallelism != maxParallelism) {
            throw new IOException("the state was written with max parallelism " + fileMaxParallelism
                    + " and cannot be restored with max parallelism " + maxParallelism
                    + "; the max parallelism of an operator must stay the same across restores");
        }
        int start = h.readInt();
        int end = h.readInt();
        if (start < 0 || end < start - 1 || end >= maxParallelism) {
            throw new IOException("corrupt keyed state file: key group range [" + start + ", " + end + "]");
        }
        return new KeyGroupRange(start, end);
    }

    private RestoredState[] readStates(DataInputView h) throws IOException {
        int count = h.readVarInt();
        if (count < 0 || count > h.available()) {
            throw new IOException("corrupt keyed state file: " + count + " states");
        }
        RestoredState[] fileStates = new RestoredState[count];
        for (int s = 0; s < count; s++) {
            String name = h.readString();
            int code = h.readUnsignedByte();
            StateKind kind = StateKind.ofCode(code & ~KeyedStateFile.TIMESTAMPS);
            boolean timestamps = (code & KeyedStateFile.TIMESTAMPS) != 0;
            RestoredState state =
                    states.computeIfAbsent(name, n -> new RestoredState(kind, timestamps, new byte[range.size()][]));
            if (state.kind() != kind) {
                throw new IOException("state '" + name + "' is a " + kind.displayName + " here and a "
                        + state.kind().displayName + " in an earlier file");
            }
            if (state.timestamps() != timestamps) {
                throw new IOException(
                        "state '" + name + "' has time-to-live timestamps in one file and not in" + " another");
            }
            fileStates[s] = state;
        }
        return fileStates;
    }

    private void readSection(DataInputView in, int keyGroup, RestoredState[] fileStates) throws IOException {
        if (in.readInt() != keyGroup) {
            throw new IOException("corrupt keyed state file: sections out of order at key group " + keyGroup);
        }
        if (!range.contains(keyGroup)) {
            return;
        }
        int offset = keyGroup - range.start();
        if (seenGroups[offset]) {
            throw new IOException("key group " + keyGroup + " is in more than one file");
        }
        seenGroups[offset] = true;
        int blocks = in.readVarInt();
        for (int b = 0; b < blocks; b++) {
            int stateIndex = in.readVarInt();
            int length = in.readVarInt();
            if (stateIndex < 0 || stateIndex >= fileStates.length || length < 0 || length > in.available()) {
                throw new IOException("corrupt keyed state file: bad block in key group " + keyGroup);
            }
            byte[] block = new byte[length];
            in.readFully(block);
            fileStates[stateIndex].blocks()[offset] = block;
        }
        if (in.available() != 0) {
            throw new IOException("corrupt keyed state file: extra bytes in key group " + keyGroup);
        }
    }

    private static void checkIndex(byte[] index, KeyGroupRange fileRange, long[] offsets) throws IOException {
        DataInputView in = new DataInputView(index);
        boolean ok = in.available() == 4 + 12L * offsets.length && in.readInt() == offsets.length;
        for (int g = 0; ok && g < offsets.length; g++) {
            ok = in.readInt() == fileRange.start() + g && in.readLong() == offsets[g];
        }
        if (!ok) {
            throw new IOException("corrupt keyed state file: the index does not match the key groups");
        }
    }
}
