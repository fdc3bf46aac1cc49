/**
 * Audio in and out of the engine: reading voice prompts from WAV files ({@link org.pockettts.audio.WavReader},
 * which checks every header before it allocates), converting them to the model's 24 kHz exactly as the
 * reference does ({@link org.pockettts.audio.Resampler}) and writing the generated speech as 16-bit WAV, to a
 * file or as a stream ({@link org.pockettts.audio.WavWriter}). Exported: a program that speaks must get audio
 * in and out.
 */
package org.pockettts.audio;
