package dev.spindle.types;

import java.io.IOException;

/**
 * Strings as UTF-8 after a var-int byte length, see {@link DataOutputView#writeString} (which
 * also says what becomes of unpaired surrogates). Stateless; does not encode {@code null}.
 */
final class StringSerializer extends TypeSerializer<String> {
    private static final long serialVersionUID = 1L;

    static final StringSerializer INSTANCE = new StringSerializer();

    private StringSerializer() {}

    @Override
    public void serialize(String record, DataOutputView out) {
        if (record == null) {
            throw SerializerChecks.nullNotSupported("String");
        }
        out.writeString(record);
    }

    @Override
    public String deserialize(DataInputView in) throws IOException {
        return in.readString();
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
