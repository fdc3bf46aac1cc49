package org.pockettts.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.pockettts.TtsModel;
import org.pockettts.api.TensorSource;
import org.pockettts.config.ModelConfig;

/**
 * Writes the benchmark's full-size model (b6369a24's sizes, seeded random weights) as files that
 * {@code generate --config} and {@code batch --config} load, so that whole commands can be timed at
 * the real sizes without the gated weights: {@code model.yaml}, {@code model.safetensors} (bfloat16,
 * as the real file), a copy of the given SentencePiece tokenizer (its vocabulary replaces the real
 * one's 4000 pieces: the text table is the only part of other size) and {@code voice.safetensors}, a
 * seeded random voice embedding of 125 frames (10 s).
 *
 * <p>{@code java -cp ... org.pockettts.benchmark.RandomModelFiles DIR TOKENIZER.model PIECES}
 */
public final class RandomModelFiles {

    private static final long SEED = 42;
    private static final int VOICE_FRAMES = 125;

    private RandomModelFiles() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Files.copy(Path.of(args[1]), dir.resolve("tokenizer.model"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int pieces = Integer.parseInt(args[2]);
        String yaml;
        try (InputStream in = ModelConfig.class.getResourceAsStream("/org/pockettts/config/b6369a24.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        yaml = yaml.replaceAll("(?m)^weights_path: .*$", "weights_path: model.safetensors")
                .replaceAll("(?m)^weights_path_without_voice_cloning: .*\\n", "")
                .replaceAll("(?m)^(\\s+)tokenizer_path: .*$", "$1tokenizer_path: tokenizer.model")
                .replaceAll("(?m)^(\\s+)n_bins: .*$", "$1n_bins: " + pieces);
        Path config = dir.resolve("model.yaml");
        Files.writeString(config, "# b6369a24's sizes with seeded random weights (RandomModelFiles), for timing.\n"
                + yaml);

        Recording weights = new Recording(new RandomTensors(SEED));
        TtsModel model = TtsModel.builder(ModelConfig.load(config)).weights(weights).load();
        writeBf16(dir.resolve("model.safetensors"), weights.tensors);

        int dim = model.config().flowLm().transformer().dModel();
        float[] conditioning = new float[VOICE_FRAMES * dim];
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < conditioning.length; i++) {
            conditioning[i] = (float) random.nextGaussian();
        }
        model.voiceFromEmbedding(conditioning, VOICE_FRAMES, "random voice").save(dir.resolve("voice.safetensors"));
        System.out.println("Wrote " + config + " (" + weights.tensors.size() + " tensors)");
    }

    /** The random tensors the model asked for, kept as bfloat16 bits with their shapes. */
    private static final class Recording implements TensorSource {
        private final RandomTensors random;
        private final Map<String, Map.Entry<long[], short[]>> tensors = new TreeMap<>();

        Recording(RandomTensors random) {
            this.random = random;
        }

        @Override
        public String source() {
            return random.source();
        }

        @Override
        public boolean contains(String name) {
            return random.contains(name);
        }

        @Override
        public Set<String> names() {
            return random.names();
        }

        @Override
        public float[] floats(String name, long... shape) {
            bf16(name, shape);
            return random.floats(name, shape);
        }

        @Override
        public synchronized short[] bf16(String name, long... shape) {
            short[] bits = random.bf16(name, shape);
            tensors.put(name, Map.entry(shape.clone(), bits));
            return bits;
        }
    }

    /** A safetensors file of bfloat16 tensors: header length, JSON header, data. */
    private static void writeBf16(Path file, Map<String, Map.Entry<long[], short[]>> tensors) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Map.Entry<long[], short[]>> t : tensors.entrySet()) {
            long bytes = 2L * t.getValue().getValue().length;
            header.put(t.getKey(), Map.of("dtype", "BF16", "shape", t.getValue().getKey(),
                    "data_offsets", new long[] {offset, offset + bytes}));
            offset += bytes;
        }
        String text = new ObjectMapper().writeValueAsString(header);
        // Padded with spaces to a multiple of 8 bytes, so that the data is aligned, as the format advises.
        byte[] json = (text + " ".repeat((8 - text.length() % 8) % 8)).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
            for (Map.Entry<long[], short[]> t : tensors.values()) {
                ByteBuffer data = ByteBuffer.allocate(2 * t.getValue().length).order(ByteOrder.LITTLE_ENDIAN);
                data.asShortBuffer().put(t.getValue());
                out.write(data.array());
            }
        }
    }
}
