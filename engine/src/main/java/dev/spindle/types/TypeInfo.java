package dev.spindle.types;

import java.io.Serializable;

/**
 * Describes the type of the records of a stream and creates its serializer. Type infos are part
 * of the job graph: they are shipped with it and turned into serializers where the tasks run,
 * with the user code class loader (user record classes live there).
 *
 * @param <T> the record type
 */
public interface TypeInfo<T> extends Serializable {

    /** Creates a serializer; {@code userClassLoader} resolves user classes named in the bytes. */
    TypeSerializer<T> createSerializer(ClassLoader userClassLoader);

    /** A short human-readable name, e.g. {@code String} or {@code Tuple2<String, Long>}. */
    String displayName();
}
