package dev.spindle.rpc;

/**
 * The remote implementation failed the call. The remote exception's class is only named, never
 * instantiated here: the wire carries its class name, message and cause chain as text.
 */
public final class RemoteException extends RpcException {
    private final String remoteClassName;
    private final String remoteMessage;
    private final String remoteCauseChain;

    public RemoteException(String remoteClassName, String remoteMessage, String remoteCauseChain) {
        super(remoteClassName
                + (remoteMessage == null ? "" : ": " + remoteMessage)
                + (remoteCauseChain.isEmpty() ? "" : "\n" + remoteCauseChain));
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.remoteCauseChain = remoteCauseChain;
    }

    /** Fully qualified class name of the exception the remote side saw. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** Its message, or null. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** One "caused by: class: message" line per cause, empty when there was none. */
    public String remoteCauseChain() {
        return remoteCauseChain;
    }
}
