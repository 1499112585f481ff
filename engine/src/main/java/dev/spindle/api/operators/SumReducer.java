package dev.spindle.api.operators;

import dev.spindle.api.functions.ReduceFunction;
import dev.spindle.api.tuple.Tuple;
import dev.spindle.api.tuple.Tuple2;
import dev.spindle.api.tuple.Tuple3;
import dev.spindle.api.tuple.Tuple4;

/**
 * Adds up one numeric field: a tuple's field {@code position}, or the record itself when it is
 * a number (position 0). The other fields are taken from the first record. Never changes its
 * inputs, so upstream functions may keep references to what they emitted.
 */
public final class SumReducer<T> implements ReduceFunction<T> {
    private static final long serialVersionUID = 1L;

    private final int position;

    public SumReducer(int position) {
        if (position < 0) {
            throw new IllegalArgumentException("field position must not be negative: " + position);
        }
        this.position = position;
    }

    @Override
    @SuppressWarnings("unchecked") // returns the same class it is given
    public T reduce(T accumulated, T value) {
        if (accumulated instanceof Tuple acc) {
            Tuple v = (Tuple) value;
            if (position >= acc.arity()) {
                throw new IllegalArgumentException("sum(" + position + ") on a tuple of arity " + acc.arity());
            }
            Tuple result = copy(acc);
            result.setField(position, add(acc.getField(position), v.getField(position)));
            return (T) result;
        }
        if (position != 0) {
            throw new IllegalArgumentException("sum(" + position + ") needs tuple records; got "
                    + accumulated.getClass().getName() + " (use sum(0) for plain numbers)");
        }
        return (T) add(accumulated, value);
    }

    /** A primitive running sum that starts from {@code first}, for pre-aggregation. */
    Accumulator<T> accumulator(T first) {
        Object f = field(first);
        if (f instanceof Long || f instanceof Integer) {
            return new LongSum(first, ((Number) f).longValue());
        }
        if (f instanceof Double || f instanceof Float) {
            return Accumulator.reducing(this, first); // rare: no fast path needed
        }
        throw new IllegalArgumentException("sum needs Long, Integer, Double or Float fields; got "
                + (f == null ? "null" : f.getClass().getSimpleName()));
    }

    private Object field(T value) {
        if (value instanceof Tuple2<?, ?> t && position == 1) {
            return t.f1;
        }
        if (value instanceof Tuple t) {
            if (position >= t.arity()) {
                throw new IllegalArgumentException("sum(" + position + ") on a tuple of arity " + t.arity());
            }
            return t.getField(position);
        }
        if (position != 0) {
            throw new IllegalArgumentException("sum(" + position + ") needs tuple records; got "
                    + value.getClass().getName() + " (use sum(0) for plain numbers)");
        }
        return value;
    }

    /** Sums Long or Integer fields into a primitive. */
    private final class LongSum implements Accumulator<T> {
        private final T first;
        private final boolean ints;
        private long sum;

        LongSum(T first, long initial) {
            this.first = first;
            this.ints = field(first) instanceof Integer;
            this.sum = initial;
        }

        @Override
        public void add(T value) {
            sum += ((Number) field(value)).longValue();
        }

        @Override
        @SuppressWarnings("unchecked") // the same class as the records summed
        public T result() {
            Object total = ints ? Integer.valueOf((int) sum) : Long.valueOf(sum);
            if (first instanceof Tuple t) {
                Tuple copy = copy(t);
                copy.setField(position, total);
                return (T) copy;
            }
            return (T) total;
        }
    }

    private static Tuple copy(Tuple t) {
        if (t instanceof Tuple2<?, ?> x) {
            return new Tuple2<>(x.f0, x.f1);
        }
        if (t instanceof Tuple3<?, ?, ?> x) {
            return new Tuple3<>(x.f0, x.f1, x.f2);
        }
        if (t instanceof Tuple4<?, ?, ?, ?> x) {
            return new Tuple4<>(x.f0, x.f1, x.f2, x.f3);
        }
        throw new IllegalArgumentException(
                "unsupported tuple class " + t.getClass().getName());
    }

    static Object add(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return x + y;
        }
        if (a instanceof Integer x && b instanceof Integer y) {
            return x + y;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x + y;
        }
        if (a instanceof Float x && b instanceof Float y) {
            return x + y;
        }
        throw new IllegalArgumentException("sum needs Long, Integer, Double or Float fields of one type; got "
                + (a == null ? "null" : a.getClass().getSimpleName()) + " and "
                + (b == null ? "null" : b.getClass().getSimpleName()));
    }
}
