package org.pockettts;

/**
 * Progress and timings of one generation.
 *
 * @param chunks number of text chunks
 * @param chunksStarted chunks whose generation has begun
 * @param latents latents computed by FlowLM (including the one after the end that is never decoded)
 * @param framesDecoded audio frames decoded by Mimi
 * @param firstFrameNanos time from the start to the first decoded frame, or -1
 * @param elapsedNanos time from the start until now, or until the end when finished
 * @param transformerNanos time spent in the FlowLM transformer (prompts and steps)
 * @param flowNanos time spent in the flow network
 * @param mimiNanos time spent decoding with Mimi
 * @param reachedMaxLength chunks that ended by reaching the maximum length instead of an end of speech
 */
public record GenerationStats(
        int chunks,
        int chunksStarted,
        int latents,
        int framesDecoded,
        long firstFrameNanos,
        long elapsedNanos,
        long transformerNanos,
        long flowNanos,
        long mimiNanos,
        int reachedMaxLength) {
}
