package dev.spindle.rpc;

import dev.spindle.types.DataInputView;
import dev.spindle.types.DataOutputView;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The callable methods of one gateway interface with the codecs of their arguments and results.
 * A method is named on the wire by its key: name and generic parameter types, e.g.
 * {@code submitTask(dev.spindle.taskmanager.TaskDescriptor)}, so overloads are distinct and
 * both sides agree without depending on reflection's method order. Built once per interface.
 */
final class GatewaySchema {
    private static final ClassValue<GatewaySchema> CACHE = new ClassValue<>() {
        @Override
        protected GatewaySchema computeValue(Class<?> type) {
            return new GatewaySchema(type);
        }
    };

    /** One remote method: its key and how its arguments and result travel. */
    record MethodSchema(Method method, String key, ValueCodec[] parameters, ValueCodec result) {
        byte[] encodeArguments(Object[] args) {
            DataOutputView out = new DataOutputView(64);
            for (int i = 0; i < parameters.length; i++) {
                parameters[i].write(out, args[i]);
            }
            return out.toByteArray();
        }

        Object[] decodeArguments(byte[] payload) throws IOException {
            DataInputView in = new DataInputView(payload);
            Object[] args = new Object[parameters.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = parameters[i].read(in);
            }
            requireConsumed(in);
            return args;
        }

        byte[] encodeResult(Object value) {
            DataOutputView out = new DataOutputView(16);
            result.write(out, value);
            return out.toByteArray();
        }

        Object decodeResult(byte[] payload) throws IOException {
            DataInputView in = new DataInputView(payload);
            Object value = result.read(in);
            requireConsumed(in);
            return value;
        }

        private static void requireConsumed(DataInputView in) throws IOException {
            if (in.available() != 0) {
                throw new IOException(in.available() + " unexpected bytes after the values");
            }
        }
    }

    private final Class<?> type;
    private final Map<String, MethodSchema> byKey = new HashMap<>();
    private final Map<Method, MethodSchema> byMethod = new HashMap<>();

    private GatewaySchema(Class<?> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface; gateways are interfaces");
        }
        this.type = type;
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
                continue; // run locally, never remotely
            }
            MethodSchema schema = describe(m);
            byKey.put(schema.key(), schema);
            byMethod.put(m, schema);
        }
    }

    /**
     * The schema of a gateway interface.
     *
     * @throws IllegalArgumentException if a method does not return {@code CompletableFuture<T>}
     *     or uses a type that {@link WireCodec} cannot send, naming the method and the type
     */
    static GatewaySchema of(Class<?> gatewayType) {
        return CACHE.get(gatewayType);
    }

    Class<?> type() {
        return type;
    }

    /** The schema for a key received from the wire, or null if this interface has no such method. */
    MethodSchema byKey(String key) {
        return byKey.get(key);
    }

    MethodSchema byMethod(Method method) {
        return byMethod.get(method);
    }

    private MethodSchema describe(Method m) {
        String key = m.getName()
                + Arrays.stream(m.getGenericParameterTypes())
                        .map(Type::getTypeName)
                        .collect(Collectors.joining(",", "(", ")"));
        String where = type.getName() + "." + key;
        Type returned = m.getGenericReturnType();
        if (!(returned instanceof ParameterizedType p) || p.getRawType() != CompletableFuture.class) {
            throw new IllegalArgumentException(
                    where + " must return CompletableFuture<T>, returns " + returned.getTypeName());
        }
        try {
            ValueCodec result = WireCodec.forType(p.getActualTypeArguments()[0]);
            Type[] params = m.getGenericParameterTypes();
            ValueCodec[] codecs = new ValueCodec[params.length];
            for (int i = 0; i < params.length; i++) {
                codecs[i] = WireCodec.forType(params[i]);
            }
            return new MethodSchema(m, key, codecs, result);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
