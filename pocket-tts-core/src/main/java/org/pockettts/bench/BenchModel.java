package org.pockettts.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pockettts.Generation;
import org.pockettts.api.ModelFiles;
import org.pockettts.api.ModelFormatException;
import org.pockettts.audio.Audio;
import org.pockettts.audio.Resampler;
import org.pockettts.audio.WavReader;
import org.pockettts.config.ModelConfig;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.mimi.Mimi;
import org.pockettts.mimi.Signal;
import org.pockettts.nn.RandomTensors;
import org.pockettts.nn.Transformer;
import org.pockettts.nn.Weights;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.text.SentencePieceTokenizer;
import org.pockettts.text.TextPreparation;

/**
 * A model to benchmark: FlowLM and Mimi from a weights file or from seeded random weights, and the
 * model's tokenizer when it can be had. Without a tokenizer (random weights of the real model,
 * whose tokenizer is a download) the text becomes synthetic token ids, one per word and one per
 * punctuation mark — about what the real tokenizer makes of English.
 */
final class BenchModel {

    private static final int MAX_TOKENS_PER_CHUNK = 50;

    final ModelConfig config;
    final FlowLm flowLm;
    final Mimi mimi;
    final SentencePieceTokenizer tokenizer;
    final String description;

    private BenchModel(ModelConfig config, FlowLm flowLm, Mimi mimi, SentencePieceTokenizer tokenizer,
                       String description) {
        this.config = config;
        this.flowLm = flowLm;
        this.mimi = mimi;
        this.tokenizer = tokenizer;
        this.description = description;
    }

    /** Loads the model the options name, resolving file locations through {@code files}. */
    static BenchModel load(BenchmarkOptions options, ModelFiles files) {
        ModelConfig config = options.config() == null
                ? ModelConfig.builtin(ModelConfig.DEFAULT_VARIANT) : ModelConfig.load(options.config());
        String name = options.config() == null ? ModelConfig.DEFAULT_VARIANT : options.config().toString();
        if (options.randomWeights() || options.config() == null) {
            Weights w = new Weights(new RandomTensors(options.seed()));
            return new BenchModel(config, FlowLm.load(config, w), Mimi.load(config, w), tokenizer(config, files),
                    name + " (random weights)");
        }
        Path weights;
        try {
            weights = files.resolve(config.weightsPath(), config.baseDir());
        } catch (IOException e) {
            throw new ModelFormatException("Cannot load the weights " + config.weightsPath() + ": " + e.getMessage(), e);
        }
        try (SafeTensors st = SafeTensors.open(weights)) {
            Weights w = new Weights(st);
            return new BenchModel(config, FlowLm.load(config, w), Mimi.load(config, w), tokenizer(config, files), name);
        }
    }

    private static SentencePieceTokenizer tokenizer(ModelConfig config, ModelFiles files) {
        try {
            return SentencePieceTokenizer.load(files.resolve(config.flowLm().lookupTable().tokenizerPath(),
                    config.baseDir()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The FlowLM state prompted with the voice file, or with random conditioning of {@code frames} positions. */
    Transformer.State voice(Path file, int frames, long seed) {
        float[] conditioning;
        int rows;
        if (file == null) {
            rows = frames;
            conditioning = new float[rows * flowLm.dim()];
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < conditioning.length; i++) {
                conditioning[i] = (float) random.nextGaussian();
            }
        } else if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            try (SafeTensors st = SafeTensors.open(file)) {
                conditioning = st.floats("audio_prompt");
                rows = conditioning.length / flowLm.dim();
            }
        } else {
            Audio audio = WavReader.read(file);
            Signal latents = mimi.encode(Resampler.resample(audio.samples(), audio.sampleRate(), mimi.sampleRate()));
            conditioning = flowLm.speakerConditioning(latents.data(), latents.frames());
            rows = latents.frames();
        }
        Transformer.State state = flowLm.newState();
        flowLm.prompt(state, conditioning, rows);
        return state;
    }

    /** The chunks of {@code text}, as {@code TtsModel} cuts them, or by sentences with synthetic tokens. */
    List<Generation.Chunk> plan(String text) {
        List<Generation.Chunk> chunks = new ArrayList<>();
        double frameRate = config.mimi().frameRate();
        List<String> pieces = tokenizer != null
                ? TextPreparation.splitIntoBestSentences(tokenizer, text, MAX_TOKENS_PER_CHUNK)
                : sentences(text);
        for (String piece : pieces) {
            int[] tokens = tokenizer != null ? tokenizer.encode(piece) : syntheticTokens(piece);
            chunks.add(Generation.Chunk.of(piece, tokens, null, frameRate));
        }
        return chunks;
    }

    /** Sentences packed greedily into chunks of at most {@link #MAX_TOKENS_PER_CHUNK} synthetic tokens. */
    private List<String> sentences(String text) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String sentence : text.trim().split("(?<=[.!?])\\s+")) {
            String joined = current.isEmpty() ? sentence : current + " " + sentence;
            if (!current.isEmpty() && syntheticTokens(joined).length > MAX_TOKENS_PER_CHUNK) {
                chunks.add(current.toString());
                current.setLength(0);
                current.append(sentence);
            } else {
                current.setLength(0);
                current.append(joined);
            }
        }
        if (!current.isEmpty()) {
            chunks.add(current.toString());
        }
        return chunks;
    }

    private int[] syntheticTokens(String text) {
        int vocabulary = config.flowLm().lookupTable().nBins();
        List<Integer> ids = new ArrayList<>();
        for (String part : text.trim().split("\\s+|(?=\\p{Punct})|(?<=\\p{Punct})")) {
            if (!part.isBlank()) {
                ids.add(Math.floorMod(part.hashCode(), vocabulary));
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
