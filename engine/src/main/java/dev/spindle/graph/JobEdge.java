package dev.spindle.graph;

import java.util.Objects;

/**
 * An exchange between two vertices.
 *
 * @param id unique in the graph; names the result partitions of the edge at runtime
 * @param source the producing vertex's id
 * @param target the consuming vertex's id
 * @param partitioning how records are distributed over the consumers
 * @param keySelectorPayload for HASH: the serialized key selector; otherwise null
 * @param typePayload the serialized {@link dev.spindle.types.TypeInfo} of the records
 * @param typeName the record type's display name
 */
public record JobEdge(
        int id,
        int source,
        int target,
        Partitioning.Kind partitioning,
        byte[] keySelectorPayload,
        byte[] typePayload,
        String typeName) {

    public JobEdge {
        Objects.requireNonNull(partitioning, "partitioning");
        Objects.requireNonNull(typePayload, "typePayload");
        Objects.requireNonNull(typeName, "typeName");
        if ((partitioning == Partitioning.Kind.HASH) != (keySelectorPayload != null)) {
            throw new IllegalArgumentException("edge " + id + ": a key selector goes with HASH, and only with it");
        }
    }
}
