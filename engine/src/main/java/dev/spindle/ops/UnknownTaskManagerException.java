package dev.spindle.ops;

/** No TaskManager of that id is registered (it never came, or it was lost or released). */
public final class UnknownTaskManagerException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnknownTaskManagerException(String taskManagerId) {
        super("no TaskManager " + taskManagerId + " is registered; GET /taskmanagers lists those that are");
    }
}
