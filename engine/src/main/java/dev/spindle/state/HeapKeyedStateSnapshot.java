package dev.spindle.state;

import dev.spindle.types.DataOutputView;
import dev.spindle.types.KeyGroupRange;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A snapshot of a {@link HeapKeyedStateBackend}: the captured group maps of its states, written
 * key group by key group in the {@link KeyedStateFile} format. Reads only maps that the task
 * thread no longer changes (copy-on-write in {@link StateTable}), so it needs no locking.
 */
final class HeapKeyedStateSnapshot implements KeyedStateSnapshot {
    private final KeyGroupRange range;
    private final int maxParallelism;
    private final ClassLoader userClassLoader;
    private final boolean empty;
    private final AtomicBoolean used = new AtomicBoolean();
    /** Set to null once written or released, so the captured maps can be collected. */
    private volatile List<CapturedState> states;

    HeapKeyedStateSnapshot(
            KeyGroupRange range, int maxParallelism, ClassLoader userClassLoader, List<CapturedState> states) {
        this.range = range;
        this.maxParallelism = maxParallelism;
        this.userClassLoader = userClassLoader;
        this.states = states;
        boolean noEntries = true;
        for (CapturedState state : states) {
            noEntries &= state.isEmpty();
        }
        this.empty = noEntries;
    }

    @Override
    public boolean isEmpty() {
        return empty;
    }

    @Override
    public void release() {
        used.set(true);
        states = null;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        List<CapturedState> captured = states;
        if (!used.compareAndSet(false, true) || captured == null) {
            throw new IllegalStateException("keyed state snapshot already written or released");
        }
        try {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 64 * 1024));
            write(captured, data);
            data.flush();
        } finally {
            states = null;
        }
    }

    private void write(List<CapturedState> captured, DataOutputStream out) throws IOException {
        out.writeInt(KeyedStateFile.MAGIC);
        out.writeInt(KeyedStateFile.VERSION);
        long position = 8;
        DataOutputView frame = new DataOutputView(64 * 1024);
        writeHeader(captured, frame);
        position += KeyedStateFile.writeFrame(out, frame.sharedBuffer(), frame.length());

        StateEntryCodec[] codecs = new StateEntryCodec[captured.size()];
        for (int s = 0; s < codecs.length; s++) {
            CapturedState state = captured.get(s);
            if (state.groups() != null) {
                codecs[s] = new StateEntryCodec(
                        state.kind(), state.type(), state.mapValueType(), state.timestamps(), userClassLoader);
                codecs[s].leaveOut(state.expired());
            }
        }
        long[] offsets = new long[range.size()];
        DataOutputView block = new DataOutputView(64 * 1024);
        for (int g = 0; g < offsets.length; g++) {
            offsets[g] = position;
            frame.clear();
            writeSection(captured, codecs, g, frame, block);
            position += KeyedStateFile.writeFrame(out, frame.sharedBuffer(), frame.length());
        }

        frame.clear();
        frame.writeInt(offsets.length);
        for (int g = 0; g < offsets.length; g++) {
            frame.writeInt(range.start() + g);
            frame.writeLong(offsets[g]);
        }
        long indexOffset = position;
        KeyedStateFile.writeFrame(out, frame.sharedBuffer(), frame.length());
        out.writeLong(indexOffset);
        out.writeInt(KeyedStateFile.END_MAGIC);
    }

    private void writeHeader(List<CapturedState> captured, DataOutputView out) {
        out.writeInt(maxParallelism);
        out.writeInt(range.start());
        out.writeInt(range.endInclusive());
        out.writeVarInt(captured.size());
        for (CapturedState state : captured) {
            out.writeString(state.name());
            out.writeByte(state.kindCode());
        }
    }

    private void writeSection(
            List<CapturedState> captured,
            StateEntryCodec[] codecs,
            int offset,
            DataOutputView out,
            DataOutputView block)
            throws IOException {
        out.writeInt(range.start() + offset);
        int blocks = 0;
        for (CapturedState state : captured) {
            if (state.hasEntries(offset)) {
                blocks++;
            }
        }
        out.writeVarInt(blocks);
        for (int s = 0; s < captured.size(); s++) {
            CapturedState state = captured.get(s);
            if (!state.hasEntries(offset)) {
                continue;
            }
            out.writeVarInt(s);
            if (state.groups() != null) {
                block.clear();
                codecs[s].write(state.groups()[offset], block);
                out.writeVarInt(block.length());
                out.write(block.sharedBuffer(), 0, block.length());
            } else {
                byte[] raw = state.blocks()[offset];
                out.writeVarInt(raw.length);
                out.write(raw);
            }
        }
    }
}
