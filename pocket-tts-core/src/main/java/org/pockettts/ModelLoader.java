package org.pockettts;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import org.pockettts.api.ModelFiles;
import org.pockettts.api.ModelFormatException;
import org.pockettts.api.TensorSource;
import org.pockettts.config.ModelConfig;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.hub.AccessRestrictedException;
import org.pockettts.mimi.Mimi;
import org.pockettts.nn.Gelu;
import org.pockettts.nn.WeightFormat;
import org.pockettts.nn.Weights;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.text.TokenizerFormat;
import org.pockettts.api.Tokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a model is put together ({@link TtsModel.Builder#load()}): the weights from the
 * configuration's file, with the reference's fall-back to the weights without voice cloning, or
 * from a given {@link TensorSource}; the tokenizer from the configuration's file or given; and the
 * checks that they fit the configuration.
 *
 * <p>The weight matrices are packed into native memory of one arena per model, straight from the
 * weights file (each tensor through a mapping of its own, closed once it is packed); the file stays
 * mapped for the tensors used as stored (the text embeddings). Both belong to the model's
 * {@link ModelMemory}, freed when the model is closed.
 */
final class ModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private ModelLoader() {
    }

    /** The parts of a loaded model, whether it can clone voices from audio, and the memory its weights hold. */
    record Parts(FlowLm flowLm, Mimi mimi, Tokenizer tokenizer, boolean voiceCloning, ModelMemory memory) {
    }

    /**
     * Loads a model's parts. The files are fetched first, weights then tokenizer, so that a missing
     * one is reported before the weights are read; then FlowLM and Mimi are built from
     * {@code weights}, or from the configuration's weights file when it is null, FlowLM's attention
     * and feed-forward matrices kept in {@code projections}.
     */
    static Parts load(ModelConfig config, ModelFiles files, TensorSource weights, Tokenizer tokenizer, Gelu gelu,
                      WeightFormat projections) {
        if (weights != null) {
            Tokenizer t = tokenizer(config, files, tokenizer);
            Arena arena = Arena.ofShared();
            return build(config, new Weights(weights, arena), t, true, gelu, projections, new ModelMemory(arena, null));
        }
        boolean cloning = true;
        Path weightsFile;
        try {
            weightsFile = files.resolve(config.weightsPath(), config.baseDir());
        } catch (IOException e) {
            // As the reference: without access to the gated weights, use those without voice cloning.
            if (!(e instanceof AccessRestrictedException) || config.weightsPathWithoutVoiceCloning() == null) {
                throw new ModelFormatException("Cannot load the model weights: " + describe(e), e);
            }
            LOG.warn("Using the weights without voice cloning: {}", describe(e));
            cloning = false;
            try {
                weightsFile = files.resolve(config.weightsPathWithoutVoiceCloning(), config.baseDir());
            } catch (IOException e2) {
                throw new ModelFormatException("Cannot load the model weights: " + describe(e2), e2);
            }
        }
        Tokenizer t = tokenizer(config, files, tokenizer);
        SafeTensors st = SafeTensors.open(weightsFile);
        Arena arena = Arena.ofShared();
        return build(config, new Weights(st, arena), t, cloning, gelu, projections, new ModelMemory(arena, st));
    }

    /** Builds the networks; on any failure the memory taken so far is freed before the failure goes on. */
    private static Parts build(ModelConfig config, Weights w, Tokenizer tokenizer, boolean cloning, Gelu gelu,
                               WeightFormat projections, ModelMemory memory) {
        try {
            FlowLm flowLm = FlowLm.load(config, w, gelu, projections);
            Mimi mimi = Mimi.load(config, w, gelu);
            Set<String> unused = w.unused();
            if (!unused.isEmpty()) {
                LOG.warn("{} tensors of {} are not used by this model: {}", unused.size(), w.source(), unused);
            }
            return new Parts(flowLm, mimi, tokenizer, cloning, memory);
        } catch (RuntimeException | Error e) {
            memory.close();
            throw e;
        }
    }

    /** The given tokenizer, or the configuration's; either must fit the text table of the configuration. */
    static Tokenizer tokenizer(ModelConfig config, ModelFiles files, Tokenizer given) {
        String location = config.flowLm().lookupTable().tokenizerPath();
        Tokenizer tokenizer = given;
        if (tokenizer == null) {
            TokenizerFormat format;
            try {
                format = TokenizerFormat.select(config.flowLm().lookupTable().tokenizer(), location);
            } catch (ModelFormatException e) {
                throw new ModelFormatException("Invalid model configuration " + config.source() + ": " + e.getMessage(), e);
            }
            try {
                tokenizer = format.load(files.resolve(location, config.baseDir()));
            } catch (IOException e) {
                throw new ModelFormatException("Cannot load the tokenizer: " + describe(e), e);
            }
        }
        int bins = config.flowLm().lookupTable().nBins();
        if (tokenizer.vocabSize() != bins) {
            throw new ModelFormatException("The tokenizer " + (given != null ? "given" : location) + " has "
                    + tokenizer.vocabSize() + " pieces but the configuration says n_bins: " + bins);
        }
        return tokenizer;
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "file not found: " + n.getFile();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
