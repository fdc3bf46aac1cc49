package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pockettts.api.PocketTtsException;

/** How a memory error is recognised, wherever it was thrown, and what is suggested. */
class OutOfMemoryTest {

    @Test
    void aMemoryErrorIsFoundBehindTheGenerationsFailure() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        // As a generation thread's error reaches the listener: wrapped in the engine's exception.
        assertThat(OutOfMemory.cause(new PocketTtsException("Generation ran out of memory", oom))).isSameAs(oom);
        assertThat(OutOfMemory.cause(oom)).isSameAs(oom);
        assertThat(OutOfMemory.cause(new PocketTtsException("other", new IllegalStateException()))).isNull();
    }

    @Test
    void theSuggestionIsAtLeastTwiceTheLimitInWholeGigabytes() {
        assertThat(OutOfMemory.suggestedGigabytes(32)).isEqualTo(1);
        assertThat(OutOfMemory.suggestedGigabytes(512)).isEqualTo(1);
        assertThat(OutOfMemory.suggestedGigabytes(1024)).isEqualTo(2);
        assertThat(OutOfMemory.suggestedGigabytes(1536)).isEqualTo(3);
        assertThat(OutOfMemory.message("generating speech", 1024L << 20)).isEqualTo("out of memory while generating"
                + " speech: it needed more than the 1024 MB of heap Java may use (-Xmx). Give Java more memory, e.g."
                + " POCKET_TTS_JAVA_OPTS=-Xmx2g for ./pocket-tts, or java -Xmx2g -jar pocket-tts.jar");
    }
}
