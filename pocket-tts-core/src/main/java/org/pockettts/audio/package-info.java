/**
 * Audio in and out of the engine: reading voice prompts from WAV files ({@link org.pockettts.audio.WavReader}),
 * converting them to the model's 24 kHz exactly as the reference does ({@link org.pockettts.audio.Resampler},
 * {@link org.pockettts.audio.MimiInput}) and writing the generated speech as 16-bit WAV, to a file or as a
 * stream ({@link org.pockettts.audio.WavWriter}).
 */
package org.pockettts.audio;
