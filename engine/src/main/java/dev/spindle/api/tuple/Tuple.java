package dev.spindle.api.tuple;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A fixed-arity, mutable group of fields, the lightweight record type of the user API.
 *
 * <p>Subclasses expose their fields as public mutable fields {@code f0, f1, ...}; the positional
 * accessors here exist for code that handles tuples of any arity, such as serializers and key
 * hashing. Equality and hash codes are value-based and computed with a fixed formula, so that a
 * tuple's hash code is the same in every JVM whenever its fields' hash codes are. The class is
 * sealed so that code handling tuples generically knows every arity.
 */
public abstract sealed class Tuple implements Serializable permits Tuple2, Tuple3, Tuple4 {
    private static final long serialVersionUID = 1L;

    /** The largest arity that has a concrete tuple class. */
    public static final int MAX_ARITY = 4;

    /** The number of fields. */
    public abstract int arity();

    /**
     * The field at {@code pos}, cast to whatever the caller expects.
     *
     * @throws IndexOutOfBoundsException if {@code pos} is not in {@code [0, arity())}
     */
    public abstract <T> T getField(int pos);

    /**
     * Replaces the field at {@code pos}. No type check happens here; a wrong type surfaces when
     * the field is read through its typed {@code fN} field.
     *
     * @throws IndexOutOfBoundsException if {@code pos} is not in {@code [0, arity())}
     */
    public abstract void setField(int pos, Object value);

    /** A new tuple of the given arity with all fields {@code null}. */
    public static Tuple newInstance(int arity) {
        switch (arity) {
            case 2:
                return new Tuple2<>();
            case 3:
                return new Tuple3<>();
            case 4:
                return new Tuple4<>();
            default:
                throw new IllegalArgumentException(
                        "no tuple class of arity " + arity + "; supported arities are 2 to " + MAX_ARITY);
        }
    }

    IndexOutOfBoundsException outOfRange(int pos) {
        return new IndexOutOfBoundsException("field " + pos + " of a tuple of arity " + arity());
    }

    /** {@code (a,b,...)}; arrays print their contents rather than their identity. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append('(');
        for (int i = 0; i < arity(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(fieldToString(getField(i)));
        }
        return sb.append(')').toString();
    }

    private static String fieldToString(Object value) {
        if (value instanceof Object[]) {
            return Arrays.deepToString((Object[]) value);
        } else if (value instanceof byte[]) {
            return Arrays.toString((byte[]) value);
        } else if (value instanceof int[]) {
            return Arrays.toString((int[]) value);
        } else if (value instanceof long[]) {
            return Arrays.toString((long[]) value);
        } else if (value instanceof double[]) {
            return Arrays.toString((double[]) value);
        }
        return String.valueOf(value);
    }
}
