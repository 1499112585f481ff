package dev.spindle.types;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Class names as they appear in a stream, resolved through the user class loader and cached, so
 * that a record or enum type is looked up once per serializer rather than once per value.
 *
 * <p>Not thread-safe: it belongs to one serializer instance, which one thread uses at a time.
 */
final class UserClasses {
    private final ClassLoader loader;
    private final Map<String, Class<?>> byName = new HashMap<>();
    /** The UTF-8 of each written class name, so that writing a name does not encode it again. */
    private final Map<Class<?>, byte[]> encodedNames = new HashMap<>();
    /** {@link Class#getEnumConstants()} copies the array on every call. */
    private final Map<Class<?>, Object[]> enumConstants = new HashMap<>();

    UserClasses(ClassLoader loader) {
        this.loader = loader;
    }

    ClassLoader loader() {
        return loader;
    }

    /** Writes the name of {@code type} in the format of {@link DataOutputView#writeString}. */
    void writeName(Class<?> type, DataOutputView out) {
        byte[] name = encodedNames.computeIfAbsent(type, t -> t.getName().getBytes(StandardCharsets.UTF_8));
        out.writeVarInt(name.length);
        out.write(name, 0, name.length);
    }

    /** Reads a name that {@link #writeName} wrote and resolves it without initializing the class. */
    Class<?> readClass(DataInputView in) throws IOException {
        String name = in.readString();
        Class<?> type = byName.get(name);
        if (type == null) {
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IOException(
                        "class " + name + " named in the stream cannot be loaded by the user class loader"
                                + " (is the job jar the same on every TaskManager?)",
                        e);
            }
            byName.put(name, type);
        }
        return type;
    }

    /** The constants of an enum class, by ordinal. */
    Object[] enumConstants(Class<?> enumType) {
        return enumConstants.computeIfAbsent(enumType, Class::getEnumConstants);
    }
}
