package org.pockettts.text;

/** The most frames the model may generate for one chunk of text, before any end of speech. */
public enum GenerationLength {

    /** pocket-tts 1.0.1: {@code int((words + 2) · frame_rate)}, words counted as Python's {@code split()}. */
    FROM_WORDS {
        @Override
        public int maxFrames(String text, int tokens, double frameRate) {
            return (int) ((TextPreparation.countWords(text) + 2) * frameRate);
        }
    },

    /**
     * pocket-tts 2.x and 3.x: {@code ceil((tokens / 3 + 2) · frame_rate)}, i.e. three tokens a second
     * plus two seconds.
     */
    FROM_TOKENS {
        @Override
        public int maxFrames(String text, int tokens, double frameRate) {
            return (int) Math.ceil((tokens / TOKENS_PER_SECOND + PADDING_SECONDS) * frameRate);
        }
    };

    private static final double TOKENS_PER_SECOND = 3.0;
    private static final double PADDING_SECONDS = 2.0;

    /**
     * The limit for a chunk.
     *
     * @param text the text the model reads
     * @param tokens how many tokens that text has
     * @param frameRate frames per second of the model (12.5)
     */
    public abstract int maxFrames(String text, int tokens, double frameRate);
}
