/**
 * The whole-generation benchmark behind {@code pocket-tts bench}: real-time factor, first audio and peak
 * memory of a model, by default the full-size b6369a24 architecture with seeded random weights
 * ({@link org.pockettts.benchmark.RandomTensors}) and, when the real tokenizer cannot be had, synthetic word
 * tokens. It uses the engine through its exported API only, loading the model with
 * {@code TtsModel.builder}, so that what it measures is what users run.
 */
package org.pockettts.benchmark;
