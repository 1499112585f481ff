package dev.spindle.rpc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A gateway that exercises every supported type and every way a call can end. */
public interface TestingGateway {
    enum Kind {
        SOURCE,
        SINK
    }

    /** Refers to itself, to test recursive record codecs. */
    record Node(String id, Optional<Node> next) {}

    record Descriptor(
            String name,
            int attempt,
            long big,
            double ratio,
            boolean flag,
            char letter,
            Kind kind,
            Integer maybe,
            List<String> tags,
            Map<String, Long> counts,
            Set<Kind> kinds,
            Optional<String> note,
            Node chain,
            List<Node> nodes,
            byte[] payload) {}

    CompletableFuture<Descriptor> echo(Descriptor d);

    CompletableFuture<Void> heartbeat(long seq);

    CompletableFuture<Integer> add(int a, int b);

    CompletableFuture<Map<Kind, List<Integer>>> group(List<Integer> values);

    CompletableFuture<String> failAsync(String message);

    CompletableFuture<String> failSync(String message);

    CompletableFuture<String> never();

    default CompletableFuture<Integer> twice(int a) {
        return add(a, a);
    }

    /** The implementation; counts every invocation, so tests can tell that nothing ran. */
    final class Impl implements TestingGateway {
        final AtomicInteger invocations = new AtomicInteger();
        volatile Thread lastThread;

        private void count() {
            invocations.incrementAndGet();
            lastThread = Thread.currentThread();
        }

        @Override
        public CompletableFuture<Descriptor> echo(Descriptor d) {
            count();
            return CompletableFuture.completedFuture(d);
        }

        @Override
        public CompletableFuture<Void> heartbeat(long seq) {
            count();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Integer> add(int a, int b) {
            count();
            return CompletableFuture.supplyAsync(() -> a + b);
        }

        @Override
        public CompletableFuture<Map<Kind, List<Integer>>> group(List<Integer> values) {
            count();
            return CompletableFuture.completedFuture(Map.of(
                    Kind.SOURCE, values.stream().filter(v -> v % 2 == 0).toList(),
                    Kind.SINK, values.stream().filter(v -> v % 2 != 0).toList()));
        }

        @Override
        public CompletableFuture<String> failAsync(String message) {
            count();
            return CompletableFuture.failedFuture(
                    new IllegalStateException(message, new java.io.IOException("disk gone")));
        }

        @Override
        public CompletableFuture<String> failSync(String message) {
            count();
            throw new UnsupportedOperationException(message);
        }

        @Override
        public CompletableFuture<String> never() {
            count();
            return new CompletableFuture<>();
        }
    }
}
