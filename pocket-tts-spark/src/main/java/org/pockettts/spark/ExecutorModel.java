package org.pockettts.spark;

import java.util.List;
import org.pockettts.TtsModel;
import org.pockettts.batch.RowRules;
import org.pockettts.batch.RowSynthesizer;
import org.pockettts.batch.VoiceCache;
import org.pockettts.cli.BatchOptions;
import org.pockettts.cli.CliContext;
import org.pockettts.hub.HubClient;

/**
 * The model of this JVM (an executor, or the driver in local mode): loaded by the first task that
 * needs it and shared by all the tasks of the JVM, which run at once on its cores. Tasks receive the
 * job's arguments, never a model; the model they name is loaded here, its files coming from this
 * machine's Hugging Face cache (downloaded on first use) or a shared path. A job with other
 * arguments in the same JVM replaces it.
 */
final class ExecutorModel {

    private static ExecutorModel current;

    private final List<String> arguments;
    private final HubClient hub;
    private final RowRules rules;
    private final RowSynthesizer synthesizer;

    private ExecutorModel(List<String> arguments, HubClient hub, RowRules rules, RowSynthesizer synthesizer) {
        this.arguments = arguments;
        this.hub = hub;
        this.rules = rules;
        this.synthesizer = synthesizer;
    }

    /** The model for a job with {@code arguments}, loaded on first use. */
    static synchronized ExecutorModel get(List<String> arguments) {
        if (current != null && current.arguments.equals(arguments)) {
            return current;
        }
        if (current != null) {
            current.hub.close();
            current = null;
        }
        BatchOptions options = SparkBatch.parse(arguments).options;
        CliContext env = new CliContext(System.getenv(), System.in, System.out, System.err, false);
        HubClient hub = HubClient.fromEnvironment(env.env());
        try {
            TtsModel model = options.load(hub);
            current = new ExecutorModel(List.copyOf(arguments), hub, new RowRules(options.defaults(env)),
                    new RowSynthesizer(model, new VoiceCache(model::voice)));
            return current;
        } catch (RuntimeException | Error e) {
            hub.close();
            throw e;
        }
    }

    RowRules rules() {
        return rules;
    }

    RowSynthesizer synthesizer() {
        return synthesizer;
    }
}
