package org.pockettts.mimi;

/**
 * One streaming stage of Mimi. Its weights are immutable; whatever it must remember between calls
 * lives in a state object it creates, so one loaded codec serves many streams at once.
 */
interface Block {

    /** A fresh state for a new stream (null when the block needs none). */
    Object newState();

    /** Processes the next piece of the stream. */
    Signal forward(Signal x, Object state);
}
