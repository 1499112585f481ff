package dev.spindle.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * An object stream that resolves classes through a user code class loader first. Java
 * deserialization runs code of whatever classes the bytes name, so it is only used for bytes from
 * authenticated peers: user code in job graphs, and values of Spindle's own exchanges.
 */
public final class UserClassObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    public UserClassObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
        super(in);
        this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        try {
            return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
            // Primitive types have no class to load; the default resolution knows them.
            return super.resolveClass(desc);
        }
    }
}
