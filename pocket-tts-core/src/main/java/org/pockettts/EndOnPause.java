package org.pockettts;

import java.util.Arrays;

/**
 * pocket-tts 3.3's {@code end_on_pause}: a voice prompt recorded from audio is cut after its last
 * loud 20 ms frame, faded out over that frame, and followed by a short pause, so that the model
 * starts speaking after silence rather than mid-word. Model-state voices are used as they are.
 *
 * <p>On 24 kHz audio: frames of {@value #FRAME} samples (a partial last frame is ignored and
 * dropped), the level of each {@code 20·log10(rms + 1e-12)} dB; the last frame louder than the
 * loudest minus {@value #FLOOR_DB} dB ends the kept audio; its last {@value #FRAME} samples are
 * multiplied by {@code torch.linspace(1, 0, 480)}; then {@link #PAUSE_SECONDS} of zeros follow. A
 * prompt shorter than one frame is used unchanged.
 */
final class EndOnPause {

    /** Samples per level frame: 20 ms at 24 kHz, also the length of the fade-out. */
    static final int FRAME = 480;
    /** How far below the loudest frame a frame still counts as speech, in dB. */
    static final double FLOOR_DB = 35.0;
    /**
     * The silence appended after the cut, in seconds.
     *
     * <p>RECONSTRUCTED: this length is not read from upstream code, which was not available, but
     * taken from the 3.3 release notes and other ports (see MODEL-PACKS.md); the goldens of
     * {@code tiny-v3} were made with it. If the published code turns out to differ, this constant is
     * the one place to correct.
     */
    static final double PAUSE_SECONDS = 0.08;

    private static final float[] FADE_OUT = TorchLinspace.of(1f, 0f, FRAME);

    private EndOnPause() {
    }

    /** The prompt as the encoder should read it, from mono audio at {@code sampleRate} (24 kHz). */
    static float[] apply(float[] audio, int sampleRate) {
        int frames = audio.length / FRAME;
        if (frames == 0) {
            return audio;
        }
        double[] db = levels(audio, frames);
        double loudest = Double.NEGATIVE_INFINITY;
        for (double d : db) {
            loudest = Math.max(loudest, d);
        }
        int last = 0;
        for (int f = 0; f < frames; f++) {
            if (db[f] > loudest - FLOOR_DB) {
                last = f;
            }
        }
        int end = (last + 1) * FRAME;
        int pause = (int) Math.round(PAUSE_SECONDS * sampleRate);
        float[] out = Arrays.copyOf(audio, end + pause);
        for (int i = 0; i < FRAME; i++) {
            out[end - FRAME + i] *= FADE_OUT[i];
        }
        return out;
    }

    /** The level of each whole frame in dB: {@code 20·log10(rms + 1e-12)}. */
    static double[] levels(float[] audio, int frames) {
        double[] db = new double[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = f * FRAME; i < (f + 1) * FRAME; i++) {
                sum += (double) audio[i] * audio[i];
            }
            db[f] = 20 * Math.log10(Math.sqrt(sum / FRAME) + 1e-12);
        }
        return db;
    }
}
