package org.pockettts.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.pockettts.GenerationOptions;
import org.pockettts.SpeechPlan;
import org.pockettts.TextPlanner;
import org.pockettts.config.Languages;
import org.pockettts.config.ModelConfig;
import org.pockettts.hub.HubClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pocket-tts text}: what the model will be asked to say for a text, one JSON object per line
 * — each chunk after pause markup, normalisation, preparation and splitting, and each pause — from
 * the model's configuration and tokenizer alone: the weights are neither downloaded nor read.
 */
@Command(name = "text", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print what the model will be asked to say, one JSON object per line, in order:"
                + " {\"chunk\": TEXT, \"tokens\": N, \"frames_after_eos\": K} for each chunk of text (after pause markup,"
                + " --normalize, preparation and splitting) and {\"pause_s\": X} for each pause.",
            "Only the model's configuration and tokenizer are loaded. Takes generate's options, so that a command line"
                + " can be checked as it is; those of sampling and audio change nothing here."})
final class TextCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TextCommand.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    PocketTts root;

    @Option(names = "--text", paramLabel = "TEXT",
            description = "Text to plan; - reads it from standard input. Default: the reference's sentence in the"
                    + " model's language.")
    String text;

    @Mixin
    SpeechOptions speech;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = root.context;
        GenerationOptions options = speech.options(ctx);
        String given = text != null ? text : Languages.defaultText(model.modelName());
        String input = given.equals("-") ? new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8) : given;
        ProgressDisplay progress = new ProgressDisplay(ctx.err(), ctx.interactive() && !model.quiet);
        SpeechPlan plan;
        try (HubClient hub = HubClient.fromEnvironment(ctx.env())) {
            hub.setDownloadListener(progress);
            root.doing("loading the tokenizer");
            ModelConfig configuration = model.configuration(hub);
            TextPlanner planner = model.planner(configuration, hub);
            plan = planner.plan(input, options);
        } finally {
            progress.end();
        }
        plan.warnings().forEach(LOG::warn);
        PrintStream out = ctx.out();
        for (SpeechPlan.Item item : plan.items()) {
            out.println(JSON.writeValueAsString(line(item)));
        }
        out.flush();
        return 0;
    }

    private static ObjectNode line(SpeechPlan.Item item) {
        ObjectNode line = JSON.createObjectNode();
        switch (item) {
            case SpeechPlan.Chunk c -> line.put("chunk", c.text()).put("tokens", c.tokens())
                    .put("frames_after_eos", c.framesAfterEos());
            case SpeechPlan.Pause p -> line.put("pause_s", p.seconds());
        }
        return line;
    }
}
