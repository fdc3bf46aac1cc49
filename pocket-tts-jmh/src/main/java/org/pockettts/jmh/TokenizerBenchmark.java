package org.pockettts.jmh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pockettts.api.Tokenizer;
import org.pockettts.text.TokenizerFormat;

/**
 * Tokenizing 1000 characters of mixed English (accents, digits, a dash), the size of a long text
 * chunk, with the SentencePiece or the tokenizer.json form of a vocabulary. Run from the
 * repository's root, or give {@code -p model=PATH}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TokenizerBenchmark {

    @Param("pocket-tts-core/src/test/resources/tiny/tokenizer.model")
    public String model;

    private Tokenizer tokenizer;
    private String text;

    @Setup
    public void setup() {
        Path file = Path.of(model);
        tokenizer = TokenizerFormat.select(null, file.toString()).load(file);
        String sentence = "The quick brown fox, naïve as ever, jumps over 12 lazy dogs — twice! ";
        text = sentence.repeat(1000 / sentence.length() + 1).substring(0, 1000);
    }

    @Benchmark
    public int[] encode() {
        return tokenizer.encode(text);
    }
}
