package org.pockettts.batch;

import java.io.IOException;
import java.nio.file.Path;
import org.pockettts.AudioStream;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.audio.WavWriter;
import org.pockettts.formats.AudioEncoder;

/**
 * Speaks one row into its audio file, as {@code generate} would with the same options: the frames
 * are encoded as they are generated into a hidden temporary file, which takes the file's name only
 * once finished and on disk. Safe to use from several threads at once.
 */
public final class RowSynthesizer {

    private final TtsModel model;
    private final VoiceCache voices;

    public RowSynthesizer(TtsModel model, VoiceCache voices) {
        this.model = model;
        this.voices = voices;
    }

    /**
     * What speaking a row made.
     *
     * @param seconds seconds of audio in the file, the closing silence included
     * @param reachedMaxLength whether a chunk of the text reached its maximum length without an end
     *     of speech (its end may be cut or noisy)
     */
    public record Result(double seconds, boolean reachedMaxLength) {
    }

    /**
     * Writes the audio of {@code job} to {@code target}, replacing any file there.
     *
     * @throws org.pockettts.api.PocketTtsException for a voice that cannot be made or a text the model cannot speak
     * @throws IOException when the file cannot be written
     */
    public Result synthesize(Job job, Path target) throws IOException {
        Voice voice = voices.get(job.voice() != null ? job.voice() : model.defaultVoiceName());
        int rate = model.sampleRate();
        long samples = 0;
        boolean reachedMax;
        try (AudioEncoder encoder = job.format().newFileEncoder(target, rate);
             AudioStream stream = model.stream(voice, job.text(), job.options())) {
            while (stream.hasNext()) {
                float[] frame = stream.next();
                encoder.write(frame);
                samples += frame.length;
            }
            encoder.finish();
            reachedMax = stream.stats().reachedMaxLength() > 0;
        }
        return new Result((samples + WavWriter.tailSilenceSamples(rate)) / (double) rate, reachedMax);
    }
}
