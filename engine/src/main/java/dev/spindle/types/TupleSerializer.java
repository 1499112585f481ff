package dev.spindle.types;

import dev.spindle.api.tuple.Tuple;
import java.io.IOException;

/**
 * Serializes a tuple as its fields in order, each with the serializer of its declared type; no
 * framing of its own (a {@code Tuple2<String, Long>} of {@code ("a", 5)} is {@code 01 61 0a}). Fields may be {@code null} only where their serializer encodes null
 * (e.g. {@link Types#GENERIC}). Stateless unless a field serializer is.
 */
final class TupleSerializer<T extends Tuple> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<Object>[] fields;

    TupleSerializer(TypeSerializer<Object>[] fields) {
        this.fields = fields;
    }

    @Override
    public void serialize(T record, DataOutputView out) throws IOException {
        if (record == null) {
            throw SerializerChecks.nullNotSupported("Tuple" + fields.length);
        }
        for (int i = 0; i < fields.length; i++) {
            fields[i].serialize(record.getField(i), out);
        }
    }

    // The tuple class is chosen by the arity that TupleTypeInfo validated against T.
    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInputView in) throws IOException {
        Tuple tuple = Tuple.newInstance(fields.length);
        for (int i = 0; i < fields.length; i++) {
            tuple.setField(i, fields[i].deserialize(in));
        }
        return (T) tuple;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        TypeSerializer<Object>[] copies = fields.clone();
        boolean stateful = false;
        for (int i = 0; i < copies.length; i++) {
            copies[i] = fields[i].duplicate();
            stateful |= copies[i] != fields[i];
        }
        return stateful ? new TupleSerializer<>(copies) : this;
    }
}
