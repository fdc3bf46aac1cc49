package org.pockettts.wyoming;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The data of the {@code info} event answering {@code describe}: one text-to-speech program,
 * {@code pocket-tts}, with every voice a client may name and the model's language, and
 * {@code supports_synthesize_streaming} so that Home Assistant streams its text in. Every field of
 * the protocol's programs and voices is present ({@code name}, {@code description},
 * {@code attribution} with {@code name} and {@code url}, {@code installed}, {@code version}, and for
 * voices {@code languages} and {@code speakers}), the other kinds of service as empty lists.
 */
final class ProgramInfo {

    static final String PROGRAM = "pocket-tts";
    private static final String ATTRIBUTION_NAME = "Kyutai";
    private static final String ATTRIBUTION_URL = "https://github.com/kyutai-labs/pocket-tts";

    private ProgramInfo() {
    }

    /**
     * @param voices the voices, in the order to list them
     * @param language the model's language as a BCP 47 tag ({@code en})
     * @param version this program's version, or null when unknown
     */
    static ObjectNode data(List<Voices.Listed> voices, String language, String version) {
        ObjectNode program = artifact(PROGRAM, "Kyutai Pocket TTS, text to speech on the CPU", version);
        program.put("supports_synthesize_streaming", true);
        ArrayNode list = program.putArray("voices");
        for (Voices.Listed voice : voices) {
            ObjectNode v = artifact(voice.name(), voice.saved() ? voice.name() + " (saved voice)" : voice.name(), null);
            v.putArray("languages").add(language);
            v.putNull("speakers");
            list.add(v);
        }
        ObjectNode data = Event.object();
        data.putArray("asr");
        data.putArray("tts").add(program);
        data.putArray("handle");
        data.putArray("intent");
        data.putArray("wake");
        return data;
    }

    private static ObjectNode artifact(String name, String description, String version) {
        ObjectNode artifact = Event.object().put("name", name);
        artifact.putObject("attribution").put("name", ATTRIBUTION_NAME).put("url", ATTRIBUTION_URL);
        artifact.put("installed", true);
        artifact.put("description", description);
        if (version != null) {
            artifact.put("version", version);
        } else {
            artifact.putNull("version");
        }
        return artifact;
    }
}
