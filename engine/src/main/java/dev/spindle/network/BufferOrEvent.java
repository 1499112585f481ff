package dev.spindle.network;

/**
 * A buffer an {@link InputGate} hands to its task, and the channel it came from.
 *
 * @param buffer data or an event other than end of partition
 * @param channelIndex the index of the channel in the gate
 */
public record BufferOrEvent(Buffer buffer, int channelIndex) {}
