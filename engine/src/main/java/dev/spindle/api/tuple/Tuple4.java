package dev.spindle.api.tuple;

import java.util.Objects;

/**
 * A tuple of 4 fields, {@code f0} to {@code f3}, each of which may be {@code null} (though
 * typed serializers of non-generic field types reject {@code null}).
 *
 * <p>Hash code: {@code h = hash(f0); h = 31 * h + hash(fi)} for each further field, with
 * {@code hash(null) = 0}; fixed here because key routing depends on it.
 */
public final class Tuple4<T0, T1, T2, T3> extends Tuple {
    private static final long serialVersionUID = 1L;

    /** Field 0. */
    public T0 f0;

    /** Field 1. */
    public T1 f1;

    /** Field 2. */
    public T2 f2;

    /** Field 3. */
    public T3 f3;

    /** A tuple with all fields {@code null}, to be filled in through the fields. */
    public Tuple4() {}

    public Tuple4(T0 f0, T1 f1, T2 f2, T3 f3) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
        this.f3 = f3;
    }

    public static <T0, T1, T2, T3> Tuple4<T0, T1, T2, T3> of(T0 f0, T1 f1, T2 f2, T3 f3) {
        return new Tuple4<>(f0, f1, f2, f3);
    }

    @Override
    public int arity() {
        return 4;
    }

    // The caller states the type it expects, as with a raw field access; it is not checked here.
    @Override
    @SuppressWarnings("unchecked")
    public <T> T getField(int pos) {
        switch (pos) {
            case 0:
                return (T) f0;
            case 1:
                return (T) f1;
            case 2:
                return (T) f2;
            case 3:
                return (T) f3;
            default:
                throw outOfRange(pos);
        }
    }

    // Positional writes are untyped by design (see Tuple#setField); the cast is erased.
    @Override
    @SuppressWarnings("unchecked")
    public void setField(int pos, Object value) {
        switch (pos) {
            case 0:
                f0 = (T0) value;
                break;
            case 1:
                f1 = (T1) value;
                break;
            case 2:
                f2 = (T2) value;
                break;
            case 3:
                f3 = (T3) value;
                break;
            default:
                throw outOfRange(pos);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tuple4<?, ?, ?, ?> other)) {
            return false;
        }
        return Objects.equals(f0, other.f0)
                && Objects.equals(f1, other.f1)
                && Objects.equals(f2, other.f2)
                && Objects.equals(f3, other.f3);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(f0);
        h = 31 * h + Objects.hashCode(f1);
        h = 31 * h + Objects.hashCode(f2);
        h = 31 * h + Objects.hashCode(f3);
        return h;
    }
}
