package dev.spindle.state;

import java.io.IOException;

/**
 * The kinds of keyed state and their codes in the keyed state file. A state name keeps its kind:
 * a restored state must be registered with the kind it was written with.
 */
enum StateKind {
    VALUE(1, "ValueState"),
    LIST(2, "ListState"),
    MAP(3, "MapState"),
    REDUCING(4, "ReducingState");

    /** Part of the file format: never renumber. */
    final int code;

    final String displayName;

    StateKind(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    static StateKind ofCode(int code) throws IOException {
        for (StateKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IOException("corrupt keyed state file: unknown state kind " + code);
    }

    /** The per-key value is a mutable container that the states change in place. */
    boolean hasContainers() {
        return this == LIST || this == MAP;
    }
}
