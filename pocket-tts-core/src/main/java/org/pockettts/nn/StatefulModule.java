package org.pockettts.nn;

/**
 * The streaming-state protocol of every network in the engine (the transformers, the flow network,
 * Mimi's convolutions): a module holds only immutable weights, and whatever it must remember between
 * calls of one stream lives in a state of type {@code S} that it creates. One loaded model therefore
 * serves any number of streams at once, each with its own state.
 *
 * <p>A state is a small class of named fields: what the stream carries forward (a KV cache, a
 * convolution's history) and the working {@link Buffer}s its calls reuse, so that steady-state
 * streaming makes no garbage. A state belongs to one stream and is used by one thread at a time.
 *
 * <p>Results that a call returns in one of its state's buffers are valid until the next call with
 * the same state, which overwrites them; each such method says so. Callers copy what they keep.
 *
 * @param <S> the type of this module's per-stream state
 */
public interface StatefulModule<S> {

    /** A fresh state for a new stream. */
    S newState();
}
