package org.pockettts.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pockettts.SavedVoices;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.VoiceInput;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.VoiceExistsException;

/**
 * The voice library: {@code GET /v1/audio/voices} lists the predefined and the saved voices,
 * {@code POST /v1/audio/voices} (multipart: {@code name}, {@code file}) encodes a recording or reads a
 * voice file once and saves it under its name, {@code DELETE /v1/audio/voices/{name}} deletes a saved
 * voice. Saving encodes and prompts, which is a generation's work: it goes through the
 * {@link GenerationSlots} like a speech request.
 */
final class SavedVoiceRoutes {

    private final TtsModel model;
    private final EngineWork work;
    private final VoiceLibrary voices;
    private final GenerationSlots slots;
    private final ServerConfig config;

    SavedVoiceRoutes(TtsModel model, EngineWork work, VoiceLibrary voices, GenerationSlots slots,
                     ServerConfig config) {
        this.model = model;
        this.work = work;
        this.voices = voices;
        this.slots = slots;
        this.config = config;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/audio/voices", ctx -> Routes.json(ctx, Map.of("voices", list(false))));
        routes.post("/v1/audio/voices", this::save);
        routes.delete("/v1/audio/voices/{name}", this::delete);
    }

    /**
     * Every voice a request may name: the predefined ones in the model's order, then the saved ones
     * (a saved voice named like a predefined one, put in the folder by hand, is hidden by it).
     *
     * @param withDefault whether each entry says if it is the server's default voice
     */
    List<Map<String, Object>> list(boolean withDefault) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String name : voices.names()) {
            list.add(entry(name, "predefined", withDefault));
        }
        for (String name : voices.saved().names()) {
            if (!voices.names().contains(name)) {
                list.add(entry(name, "saved", withDefault));
            }
        }
        return list;
    }

    private Map<String, Object> entry(String name, String kind, boolean withDefault) {
        Map<String, Object> voice = new LinkedHashMap<>();
        voice.put("id", name);
        voice.put("kind", kind);
        if (withDefault) {
            voice.put("default", name.equals(voices.defaultSpec()));
        }
        return voice;
    }

    private void save(Context ctx) throws InterruptedException {
        try (GenerationSlots.Admission admission = slots.admit()) {
            if (!ctx.isMultipartFormData()) {
                throw ApiException.unsupportedMediaType("POST /v1/audio/voices takes a multipart form"
                        + " (multipart/form-data) with the fields name and file, not "
                        + SpeechRequest.describeContentType(ctx.contentType()));
            }
            TtsForm.Multipart form = TtsForm.readMultipart(ctx.req(), config, "file");
            String name = form.fields().get("name");
            if (name == null || name.isEmpty()) {
                throw ApiException.badRequest("name is missing: give the voice a name of 1 to 64 letters, digits,"
                        + " '_' or '-'");
            }
            if (!SavedVoices.isValidName(name)) {
                throw ApiException.badRequest(SavedVoices.invalidName(name));
            }
            checkFree(name);
            if (form.upload() == null || form.upload().content().length == 0) {
                throw ApiException.badRequest("file is missing or empty: upload a recording (WAV) or a voice file"
                        + " made by export-voice (.safetensors)");
            }
            VoiceInput input = VoiceContent.check(form.upload().content(), form.upload().filename(), model);
            admission.awaitSlot();
            Voice voice;
            try {
                voice = work.voice(input);
            } catch (InvalidInputException e) {
                throw ApiException.unprocessable(e.getMessage());
            }
            try {
                voices.saved().save(name, voice);
            } catch (VoiceExistsException e) {
                throw conflict(name);
            } catch (IOException e) {
                throw new ApiException(500, "The voice cannot be saved: the server cannot write its voices folder"
                        + " (request " + RequestIds.of(ctx) + ")", e);
            }
            ctx.status(201);
            Routes.json(ctx, Map.of("id", name));
        }
    }

    private void checkFree(String name) {
        if (voices.names().contains(name)) {
            throw new ApiException(409, "'" + name + "' is a predefined voice of the model: choose another name");
        }
        if (voices.saved().file(name).isPresent()) {
            throw conflict(name);
        }
    }

    private static ApiException conflict(String name) {
        return new ApiException(409, "A voice named '" + name + "' exists already: delete it first"
                + " (DELETE /v1/audio/voices/" + name + "), or choose another name");
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        if (voices.names().contains(name)) {
            throw ApiException.badRequest("'" + name + "' is a predefined voice of the model: only saved voices can be"
                    + " deleted");
        }
        boolean deleted;
        try {
            deleted = voices.saved().delete(name);
        } catch (IOException e) {
            throw new ApiException(500, "The voice cannot be deleted: the server cannot write its voices folder"
                    + " (request " + RequestIds.of(ctx) + ")", e);
        }
        if (!deleted) {
            throw new ApiException(404, "No saved voice is named '" + VoiceSource.abbreviate(name) + "' (GET"
                    + " /v1/audio/voices lists them)");
        }
        ctx.status(204);
    }
}
