/**
 * The networks' shared pieces (internal, not exported): linear layers, layer norms, rotary embeddings,
 * attention over a KV cache, the transformer, and the weights they load from a
 * {@link org.pockettts.api.TensorSource}.
 *
 * <p>Every network of the engine follows one streaming-state protocol, {@link org.pockettts.nn.StatefulModule}:
 * immutable weights, and per stream a state of named fields (caches, histories, {@link org.pockettts.nn.Buffer}s)
 * that the module creates. A method that returns one of its state's buffers says so: the result is valid until
 * the next call with that state. Long loops ask a {@link org.pockettts.nn.Cancellation} whether to go on.
 */
package org.pockettts.nn;
