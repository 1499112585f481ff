package dev.spindle.api.state;

/**
 * The non-keyed state of one operator instance (one parallel subtask): named lists of elements,
 * kept in checkpoints and savepoints. What sets the two kinds apart is what happens when a job is
 * resumed at another parallelism:
 *
 * <ul>
 *   <li>{@link #getListState} (split): the elements of all subtasks are put together in subtask
 *       order and divided into contiguous, as equal as possible runs, one per new subtask. State
 *       whose elements are independent pieces of work (a source's splits) belongs here.
 *   <li>{@link #getUnionListState} (union): every new subtask gets all elements of all subtasks
 *       and picks what it needs (e.g. by a rule on an index each element carries).
 * </ul>
 *
 * At the same parallelism every subtask gets back exactly its own elements (union lists still get
 * all). Elements handed to a list must not be changed afterwards. Task thread only.
 */
public interface OperatorStateStore {

    /** The split-redistributed list of this name, created empty on first use or restored. */
    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    /** The union-redistributed list of this name, created empty on first use or restored. */
    <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor);
}
