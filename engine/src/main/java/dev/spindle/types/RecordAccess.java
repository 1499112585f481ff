package dev.spindle.types;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * The components of one record class, read through method handles that are looked up once per
 * class: reflection costs nothing per record after that. Immutable and thread-safe; instances
 * are cached per class in a {@link ClassValue}, which lets user classes unload with their loader.
 */
final class RecordAccess {
    private static final ClassValue<RecordAccess> CACHE = new ClassValue<>() {
        @Override
        protected RecordAccess computeValue(Class<?> type) {
            return new RecordAccess(type);
        }
    };

    private final Class<?> type;
    private final String[] names;
    private final Class<?>[] types;
    /** Per component: {@code (Object) -> declared type}, for callers that avoid boxing. */
    private final MethodHandle[] exactGetters;
    /** Per component: {@code (Object) -> Object}. */
    private final MethodHandle[] boxedGetters;
    /** {@code (Object[]) -> Object}: the canonical constructor, arguments spread from an array. */
    private final MethodHandle constructor;

    private RecordAccess(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record class");
        }
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        int n = components.length;
        names = new String[n];
        types = new Class<?>[n];
        exactGetters = new MethodHandle[n];
        boxedGetters = new MethodHandle[n];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < n; i++) {
                names[i] = components[i].getName();
                types[i] = components[i].getType();
                Method accessor = components[i].getAccessor();
                // Records nested in user classes are often not public; the unnamed module that
                // user code lives in lets us open them.
                accessor.setAccessible(true);
                MethodHandle getter = lookup.unreflect(accessor);
                exactGetters[i] = getter.asType(MethodType.methodType(types[i], Object.class));
                boxedGetters[i] = getter.asType(MethodType.methodType(Object.class, Object.class));
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            constructor = lookup.unreflectConstructor(canonical)
                    .asSpreader(Object[].class, n)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot access the components or canonical constructor of record " + type.getName() + ": " + e, e);
        }
    }

    /**
     * The access to {@code recordClass}, built on first use.
     *
     * @throws IllegalArgumentException if it is not a record or its members cannot be opened
     */
    static RecordAccess of(Class<?> recordClass) {
        return CACHE.get(recordClass);
    }

    Class<?> type() {
        return type;
    }

    int componentCount() {
        return names.length;
    }

    String componentName(int i) {
        return names[i];
    }

    Class<?> componentType(int i) {
        return types[i];
    }

    /** The accessor of component {@code i} as {@code (Object) -> its declared type}. */
    MethodHandle exactGetter(int i) {
        return exactGetters[i];
    }

    /** Component {@code i} of {@code record}, primitives boxed. */
    Object get(Object record, int i) {
        try {
            return boxedGetters[i].invokeExact(record);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Calls the canonical constructor. {@code args} is only read, so callers may reuse it.
     *
     * @throws IOException if the constructor rejects the arguments, which for arguments read from
     *     a stream means the stream does not hold what a writer of this record wrote
     */
    Object construct(Object[] args) throws IOException {
        try {
            return constructor.invokeExact(args);
        } catch (RuntimeException e) {
            throw new IOException("cannot rebuild record " + type.getName() + " from the stream: " + e, e);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Accessors and canonical constructors cannot declare checked exceptions, so anything thrown
     * is unchecked and passes through unchanged.
     */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException("checked exception from a record member", t);
    }
}
