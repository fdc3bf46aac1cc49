package org.pockettts.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pockettts.testing.Fixtures;

/** Tables, options and manifests of the batch tests, on the tiny model. */
final class BatchTables {

    /** With the tiny model at this threshold the end of speech comes at the first frame, so rows are short. */
    static final String EOS_AT_FIRST = "-100";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchTables() {
    }

    /** The model, voice and end-of-speech options of every batch and generate run of the tests. */
    static List<String> modelOptions() {
        return List.of("--config", Fixtures.tiny("tiny.yaml").toString(),
                "--voice", Fixtures.tiny("voice_embedding.safetensors").toString(),
                "--eos-threshold", EOS_AT_FIRST);
    }

    /** {@code batch INPUT --output-dir OUT} with the model options and {@code extra}. */
    static String[] batch(Path input, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("batch", input.toString(), "--output-dir", out.toString()));
        args.addAll(modelOptions());
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    static Path write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest's lines. */
    static List<JsonNode> manifest(Path out) {
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(out.resolve("manifest.jsonl"))) {
                lines.add(JSON.readTree(line));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest's lines without the time each row took, which differs between runs. */
    static List<String> manifestWithoutTimes(Path out) {
        return manifest(out).stream().map(n -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("elapsed_s");
            return n.toString();
        }).toList();
    }
}
