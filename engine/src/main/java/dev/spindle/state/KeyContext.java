package dev.spindle.state;

/**
 * The key that the states of one backend act on, and its key group's index in the backend's
 * range. The backend sets both per record; every state reads them. Task thread only.
 */
final class KeyContext {
    private Object key;
    private int groupOffset = -1;

    void set(Object key, int groupOffset) {
        this.key = key;
        this.groupOffset = groupOffset;
    }

    Object key() {
        return key;
    }

    /** The current key's group, counted from the start of the backend's range. */
    int groupOffset() {
        if (groupOffset < 0) {
            throw new IllegalStateException("keyed state is used outside of processing a keyed record");
        }
        return groupOffset;
    }
}
