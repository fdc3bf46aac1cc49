package org.pockettts.mimi;

import org.pockettts.nn.StatefulModule;

/**
 * One streaming stage of Mimi: immutable weights, and a state of type {@code S} per stream (see
 * {@link StatefulModule}).
 *
 * @param <S> the stage's per-stream state
 */
interface Block<S> extends StatefulModule<S> {

    /**
     * Processes the next piece of the stream. The result may live in a buffer of {@code state}, valid
     * until the next call with that state (each stage says which).
     */
    Signal forward(Signal x, S state);
}
