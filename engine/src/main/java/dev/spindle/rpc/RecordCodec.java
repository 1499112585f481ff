package dev.spindle.rpc;

import dev.spindle.types.DataInputView;
import dev.spindle.types.DataOutputView;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Writes a record's components in declaration order, each by its declared generic type, and
 * reads them back through the canonical constructor (so a record that validates its arguments
 * validates what arrives, too).
 */
final class RecordCodec implements ValueCodec {
    private final Class<?> type;
    private final Method[] accessors;
    private final ValueCodec[] components;
    private final Constructor<?> constructor;

    RecordCodec(Class<?> type, Map<Type, ValueCodec> building) {
        this.type = type;
        RecordComponent[] rc = type.getRecordComponents();
        accessors = new Method[rc.length];
        components = new ValueCodec[rc.length];
        Class<?>[] rawTypes = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            try {
                components[i] = WireCodec.build(rc[i].getGenericType(), building);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "in " + type.getName() + "." + rc[i].getName() + ": " + e.getMessage(), e);
            }
            accessors[i] = rc[i].getAccessor();
            // Records nested in other classes are often not public; they live in the unnamed
            // module, which lets us open them.
            accessors[i].setAccessible(true);
            rawTypes[i] = rc[i].getType();
        }
        try {
            constructor = type.getDeclaredConstructor(rawTypes);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
        }
    }

    @Override
    public void write(DataOutputView out, Object value) {
        for (int i = 0; i < components.length; i++) {
            Object component;
            try {
                component = accessors[i].invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + accessors[i] + " of " + type.getName(), e);
            }
            components[i].write(out, component);
        }
    }

    @Override
    public Object read(DataInputView in) throws IOException {
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = components[i].read(in);
        }
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IOException(type.getName() + " rejected the values received: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IOException("cannot build " + type.getName() + " from the values received", e);
        }
    }
}
