package dev.spindle.rpc;

import dev.spindle.types.DataInputView;
import dev.spindle.types.DataOutputView;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes RPC arguments and results by their <em>declared</em> type, as reflected from a gateway
 * method's signature; no Java serialization and no class names on the wire, so the receiver only
 * ever builds the classes its own interface declares.
 *
 * <p>Supported: primitives and their boxes, {@code String}, {@code byte[]}, enums (by constant
 * name), {@code List}, {@code Set}, {@code Map} and {@code Optional} of supported types, and
 * records whose components are supported (recursively, including records that refer to
 * themselves). {@code Void} is always null. Every reference-typed value carries a null flag.
 * Anything else — {@code Object}, wildcards, type variables, raw collections, other arrays,
 * plain classes — is rejected when the codec is built, with the path to the offending type.
 *
 * <p>Decoded collections are unmodifiable and keep the order in which they were written.
 */
final class WireCodec {
    private static final Map<Type, ValueCodec> CACHE = new ConcurrentHashMap<>();

    private WireCodec() {}

    /**
     * The codec for {@code type}, built once and cached.
     *
     * @throws IllegalArgumentException naming the unsupported type and where it was found
     */
    static ValueCodec forType(Type type) {
        ValueCodec cached = CACHE.get(type);
        if (cached != null) {
            return cached;
        }
        // Building is rare (once per gateway method) and may recurse through records that refer
        // to themselves, which a plain computeIfAbsent would not allow.
        synchronized (CACHE) {
            Map<Type, ValueCodec> building = new HashMap<>();
            ValueCodec codec = build(type, building);
            CACHE.putAll(building);
            CACHE.put(type, codec);
            return codec;
        }
    }

    static ValueCodec build(Type type, Map<Type, ValueCodec> building) {
        ValueCodec known = CACHE.get(type);
        if (known == null) {
            known = building.get(type);
        }
        if (known != null) {
            return known;
        }
        ValueCodec codec;
        if (type instanceof Class<?> c) {
            codec = forClass(c, building);
        } else if (type instanceof ParameterizedType p) {
            codec = forParameterized(p, building);
        } else {
            throw new IllegalArgumentException("unsupported type " + type.getTypeName()
                    + ": wildcards, type variables and generic arrays cannot be sent");
        }
        building.put(type, codec);
        return codec;
    }

    private static ValueCodec forClass(Class<?> c, Map<Type, ValueCodec> building) {
        if (c.isPrimitive()) {
            return Scalars.primitive(c);
        }
        if (c == Void.class) {
            return Scalars.VOID;
        }
        ValueCodec scalar = Scalars.boxedOrBasic(c);
        if (scalar != null) {
            return nullable(scalar);
        }
        if (c.isEnum()) {
            return nullable(new EnumCodec(c));
        }
        if (c.isRecord()) {
            if (c.getTypeParameters().length > 0) {
                throw new IllegalArgumentException(
                        "unsupported type " + c.getName() + ": generic records cannot be sent");
            }
            // Registered before its components are built, so that a component may refer back.
            ForwardCodec forward = new ForwardCodec();
            building.put(c, forward);
            ValueCodec codec = nullable(new RecordCodec(c, building));
            forward.target = codec;
            return codec;
        }
        if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c) || c == Optional.class) {
            throw new IllegalArgumentException("unsupported type " + c.getName() + ": declare its element types");
        }
        throw new IllegalArgumentException("unsupported type " + c.getName()
                + ": only primitives, String, byte[], enums, records, List, Set, Map and Optional can be sent");
    }

    private static ValueCodec forParameterized(ParameterizedType p, Map<Type, ValueCodec> building) {
        Type raw = p.getRawType();
        Type[] args = p.getActualTypeArguments();
        if (raw == List.class) {
            return nullable(new CollectionCodec(build(args[0], building), false));
        }
        if (raw == Set.class) {
            return nullable(new CollectionCodec(build(args[0], building), true));
        }
        if (raw == Map.class) {
            return nullable(new MapCodec(build(args[0], building), build(args[1], building)));
        }
        if (raw == Optional.class) {
            return nullable(new OptionalCodec(build(args[0], building)));
        }
        throw new IllegalArgumentException("unsupported type " + p.getTypeName()
                + ": of generic types only List, Set, Map and Optional can be sent");
    }

    private static ValueCodec nullable(ValueCodec inner) {
        return new ValueCodec() {
            @Override
            public void write(DataOutputView out, Object value) {
                out.writeBoolean(value != null);
                if (value != null) {
                    inner.write(out, value);
                }
            }

            @Override
            public Object read(DataInputView in) throws IOException {
                return in.readBoolean() ? inner.read(in) : null;
            }
        };
    }

    /** Reads a count and checks it against what is left, so a corrupt count cannot allocate much. */
    static int readCount(DataInputView in) throws IOException {
        int n = in.readVarInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("malformed count " + n + " with " + in.available() + " bytes left");
        }
        return n;
    }

    /** Stands in for a record codec while that record's components are still being built. */
    private static final class ForwardCodec implements ValueCodec {
        volatile ValueCodec target;

        @Override
        public void write(DataOutputView out, Object value) {
            target.write(out, value);
        }

        @Override
        public Object read(DataInputView in) throws IOException {
            return target.read(in);
        }
    }

    private record CollectionCodec(ValueCodec element, boolean isSet) implements ValueCodec {
        @Override
        public void write(DataOutputView out, Object value) {
            Collection<?> c = (Collection<?>) value;
            out.writeVarInt(c.size());
            for (Object e : c) {
                element.write(out, e);
            }
        }

        @Override
        public Object read(DataInputView in) throws IOException {
            int n = readCount(in);
            if (isSet) {
                Set<Object> set = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    set.add(element.read(in));
                }
                return Collections.unmodifiableSet(set);
            }
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(element.read(in));
            }
            return Collections.unmodifiableList(list);
        }
    }

    private record MapCodec(ValueCodec key, ValueCodec value) implements ValueCodec {
        @Override
        public void write(DataOutputView out, Object v) {
            Map<?, ?> m = (Map<?, ?>) v;
            out.writeVarInt(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                key.write(out, e.getKey());
                value.write(out, e.getValue());
            }
        }

        @Override
        public Object read(DataInputView in) throws IOException {
            int n = readCount(in);
            Map<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                Object k = key.read(in);
                m.put(k, value.read(in));
            }
            return Collections.unmodifiableMap(m);
        }
    }

    private record OptionalCodec(ValueCodec inner) implements ValueCodec {
        @Override
        public void write(DataOutputView out, Object value) {
            Optional<?> o = (Optional<?>) value;
            out.writeBoolean(o.isPresent());
            o.ifPresent(v -> inner.write(out, v));
        }

        @Override
        public Object read(DataInputView in) throws IOException {
            return in.readBoolean() ? Optional.ofNullable(inner.read(in)) : Optional.empty();
        }
    }

    private static final class EnumCodec implements ValueCodec {
        private final Class<?> type;
        private final Map<String, Object> byName = new HashMap<>();

        EnumCodec(Class<?> type) {
            this.type = type;
            for (Object constant : type.getEnumConstants()) {
                byName.put(((Enum<?>) constant).name(), constant);
            }
        }

        @Override
        public void write(DataOutputView out, Object value) {
            out.writeString(((Enum<?>) value).name());
        }

        @Override
        public Object read(DataInputView in) throws IOException {
            String name = in.readString();
            Object constant = byName.get(name);
            if (constant == null) {
                throw new IOException(type.getName() + " has no constant " + name);
            }
            return constant;
        }
    }
}
