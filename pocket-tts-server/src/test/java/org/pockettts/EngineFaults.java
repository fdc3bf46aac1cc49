package org.pockettts;

import java.util.concurrent.CountDownLatch;

/**
 * Faults put into a real generation for the server's tests, through the engine's own probe (which
 * only code of the engine's package may use).
 */
public final class EngineFaults {

    private EngineFaults() {
    }

    /**
     * Starts speaking {@code text} as {@link TtsModel#stream} does; on the Mimi thread, before frame
     * {@code frame} is decoded, waits for {@code go} and throws {@code fault}.
     */
    public static AudioStream failingOnMimi(TtsModel model, Voice voice, String text, GenerationOptions options,
                                            int frame, CountDownLatch go, Error fault) {
        return model.stream(voice, text, options, new Generation.Probe() {
            @Override
            public void onStep(int chunk, int step, float[] latent, float eosLogit) {
            }

            @Override
            public void beforeDecode(int decoded) {
                if (decoded == frame) {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw fault;
                }
            }
        });
    }
}
