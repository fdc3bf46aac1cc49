/**
 * Pocket TTS for the JVM: the facade of the engine.
 *
 * <p>{@link org.pockettts.TtsModel} loads a model (one factory, {@link org.pockettts.TtsModel#builder}),
 * makes {@link org.pockettts.Voice}s from recordings, voice files or predefined names
 * ({@link org.pockettts.PredefinedVoices}), and speaks text into an {@link org.pockettts.AudioStream}
 * under {@link org.pockettts.GenerationOptions}, whose every value is bounded. {@link org.pockettts.Engine}
 * sets the threads of the numeric kernels. For the programs around the engine, {@link org.pockettts.SavedVoices}
 * keeps voices in a folder under names, and {@link org.pockettts.SentenceSplitter} cuts text that arrives piece
 * by piece into sentences to speak as soon as each is complete. Everything a user needs beyond this package is in the other
 * exported packages: {@code api} (exceptions and the ways to supply a model's parts), {@code audio},
 * {@code config}, {@code hub} and {@code text}.
 *
 * <p>Inside, each generation is a {@code Generation}: a FlowLM thread and a Mimi thread joined by bounded
 * queues, and one {@code Lifecycle} (running, then ended, failed or cancelled, set once) that every wait of
 * the generation watches, so that no failure can be lost and no thread waits for ever.
 */
package org.pockettts;
