package dev.spindle.rpc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Behind every gateway proxy: turns a method call into a request on the shared connection to the
 * proxy's address (reopening it if it closed). {@code Object}'s methods and default methods run
 * locally. Never blocks and never throws for remote failures; they fail the returned future.
 */
final class GatewayInvocationHandler implements InvocationHandler {
    private static final Object[] NO_ARGS = new Object[0];

    private final RpcClient client;
    private final InetSocketAddress address;
    private final String endpoint;
    private final GatewaySchema schema;

    GatewayInvocationHandler(RpcClient client, InetSocketAddress address, String endpoint, GatewaySchema schema) {
        this.client = client;
        this.address = address;
        this.endpoint = endpoint;
        this.schema = schema;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> schema.type().getSimpleName() + "(" + endpoint + "@" + address + ")";
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        GatewaySchema.MethodSchema remote = schema.byMethod(method);
        Object[] arguments = args == null ? NO_ARGS : args;
        CompletableFuture<Object> result = new CompletableFuture<>();
        client.connection(address).whenComplete((connection, error) -> {
            if (error == null) {
                connection.call(endpoint, remote, arguments, result);
                return;
            }
            try {
                client.callbacks().execute(() -> result.completeExceptionally(error));
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(error);
            }
        });
        return result;
    }
}
