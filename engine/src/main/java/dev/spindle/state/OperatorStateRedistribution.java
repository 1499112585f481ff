package dev.spindle.state;

import dev.spindle.state.OperatorStateSnapshot.Distribution;
import dev.spindle.state.OperatorStateSnapshot.NamedList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands the operator state of an operator's old subtasks to its new ones. At the same parallelism
 * subtask i gets subtask i's split lists; at another, a split list's elements of all old subtasks,
 * put together in subtask order, are cut into contiguous runs: new subtask i of p gets elements
 * [i·n/p, (i+1)·n/p) of the n. A union list's elements of all old subtasks go to every new
 * subtask, at any parallelism. A list that no old subtask had is absent.
 */
public final class OperatorStateRedistribution {
    private OperatorStateRedistribution() {}

    /**
     * @param old the old subtasks' snapshots in subtask order (null or {@link
     *     OperatorStateSnapshot#EMPTY} for a subtask without operator state)
     * @param parallelism the new parallelism
     * @return one snapshot per new subtask
     */
    public static List<OperatorStateSnapshot> redistribute(List<OperatorStateSnapshot> old, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        // Every list's distribution and all its elements in old subtask order.
        Map<String, Distribution> kinds = new LinkedHashMap<>();
        Map<String, List<byte[]>> all = new LinkedHashMap<>();
        for (OperatorStateSnapshot s : old) {
            if (s == null) {
                continue;
            }
            s.lists().forEach((name, list) -> {
                Distribution before = kinds.putIfAbsent(name, list.distribution());
                if (before != null && before != list.distribution()) {
                    throw new IllegalStateException("operator state list '" + name + "' is a " + before
                            + " list in one subtask and a " + list.distribution() + " list in another");
                }
                all.computeIfAbsent(name, n -> new ArrayList<>()).addAll(list.elements());
            });
        }
        List<OperatorStateSnapshot> result = new ArrayList<>(parallelism);
        for (int i = 0; i < parallelism; i++) {
            Map<String, NamedList> lists = new LinkedHashMap<>();
            for (Map.Entry<String, Distribution> e : kinds.entrySet()) {
                String name = e.getKey();
                List<byte[]> elements;
                if (e.getValue() == Distribution.UNION) {
                    elements = all.get(name);
                } else if (parallelism == old.size()) {
                    OperatorStateSnapshot own = old.get(i);
                    NamedList mine = own == null ? null : own.lists().get(name);
                    elements = mine == null ? List.of() : mine.elements();
                } else {
                    List<byte[]> every = all.get(name);
                    int n = every.size();
                    elements =
                            every.subList((int) ((long) i * n / parallelism), (int) ((long) (i + 1) * n / parallelism));
                }
                lists.put(name, new NamedList(e.getValue(), elements));
            }
            result.add(lists.isEmpty() ? OperatorStateSnapshot.EMPTY : new OperatorStateSnapshot(lists));
        }
        return result;
    }
}
