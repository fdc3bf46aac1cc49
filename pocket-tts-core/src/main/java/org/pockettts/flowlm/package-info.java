/**
 * FlowLM (internal, not exported): the causal transformer that is prompted with a voice and a text and
 * then generates one latent per 80 ms frame, with its end-of-speech head and the flow network sampled by
 * Lagrangian self-distillation. Its per-stream state is {@link org.pockettts.flowlm.FlowLm.State}; a voice is
 * such a state after prompting.
 */
package org.pockettts.flowlm;
