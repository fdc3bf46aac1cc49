package org.pockettts.cli;

import org.pockettts.testing.Wav;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.audio.WavWriter;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;

class ExportVoiceTest {

    @TempDir
    Path dir;

    private Cli.Result exportVoice(String audio, Path out) {
        return new Cli(dir).run("export-voice", audio, out.toString(), "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0");
    }

    private byte[] generate(String voice) throws IOException {
        Path out = dir.resolve("g" + System.nanoTime() + ".wav");
        Cli.Result r = new Cli(dir).run("generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice", voice,
                "--text", "Hello world, this is a test.", "--temperature", "0", "--output-path", out.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return Files.readAllBytes(out);
    }

    @Test
    void anExportedVoiceSpeaksExactlyAsItsRecording() throws IOException {
        Path voice = dir.resolve("voice.safetensors");
        Cli.Result r = exportVoice(Fixtures.tiny("voice.wav").toString(), voice);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        try (SafeTensors st = SafeTensors.open(voice)) {
            assertThat(st.info("audio_prompt").shape()).containsExactly(1, 37, 64);
            assertThat(st.floats("audio_prompt")).containsExactly(Fixtures.goldenTensors().floats("voice.conditioning"),
                    org.assertj.core.data.Offset.offset(1e-4f));
        }
        short[] fromFile = Wav.samples(generate(voice.toString()));
        short[] fromRecording = Wav.samples(generate(Fixtures.tiny("voice.wav").toString()));
        assertThat(fromFile).hasSameSizeAs(fromRecording);
        for (int i = 0; i < fromFile.length; i++) {
            assertThat(fromFile[i]).as("sample %d of %d", i, fromFile.length).isEqualTo(fromRecording[i]);
        }
    }

    @Test
    void onlyTheFirstThirtySecondsAreEncoded() throws IOException {
        float[] long40s = new float[40 * 16000];
        for (int i = 0; i < long40s.length; i++) {
            long40s[i] = (float) (0.3 * Math.sin(i * 0.05) * Math.sin(i * 0.0003));
        }
        Path wav = dir.resolve("long.wav");
        WavWriter.writeFile(wav, long40s, 16000);
        Path voice = dir.resolve("long.safetensors");
        Cli.Result r = exportVoice(wav.toString(), voice);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        try (SafeTensors st = SafeTensors.open(voice)) {
            assertThat(st.info("audio_prompt").shape()).containsExactly(1, 375, 64);
        }
    }

    @Test
    void aFolderOfRecordingsExportsEach() throws IOException {
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.copy(Fixtures.tiny("voice.wav"), in.resolve("anna.wav"));
        Files.copy(Fixtures.tiny("voice.wav"), in.resolve("bert.WAV"));
        Files.writeString(in.resolve("notes.txt"), "not audio");
        Path out = dir.resolve("voices");
        Cli.Result r = exportVoice(in.toString(), out);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("anna.safetensors",
                    "bert.safetensors");
        }
    }

    @Test
    void aMissingRecordingIsOneLineAndWritesNothing() {
        Path out = dir.resolve("x.safetensors");
        Cli.Result r = exportVoice(dir.resolve("absent.wav").toString(), out);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).containsExactly("Error: Voice recording not found: " + dir.resolve("absent.wav"));
        assertThat(out).doesNotExist();
    }

    @Test
    void aBrokenRecordingIsOneLineAndWritesNothing() throws IOException {
        Path bad = dir.resolve("bad.wav");
        Files.writeString(bad, "RIFF but not really");
        Path out = dir.resolve("bad.safetensors");
        Cli.Result r = exportVoice(bad.toString(), out);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).hasSize(1);
        assertThat(r.stderr()).contains("bad.wav");
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bad.wav");
        }
    }
}
