package org.pockettts.server;

import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.pockettts.GenerationOptions;

/**
 * Reads a {@code POST /tts} request, the reference's form: {@code text}, and at most one of
 * {@code voice_url} and {@code voice_wav} (an uploaded file), plus the generation parameters of
 * {@link GenerationParameters}. As the reference (whose form fields also accept URL-encoded bodies),
 * both {@code multipart/form-data} and {@code application/x-www-form-urlencoded} are read; an upload
 * needs the former. Blank fields and an upload with neither name nor content count as absent, as
 * browsers send them for untouched inputs.
 */
final class TtsForm {

    /** Room for the form's other fields and part headers beside the upload. */
    static final int FORM_OVERHEAD = 1 << 20;
    /** The most fields a form may have (the web server's own limit). */
    static final int MAX_FIELDS = 1000;
    private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";

    private TtsForm() {
    }

    static SpeechRequest parse(Context ctx, ServerConfig config) {
        Map<String, String> fields;
        Upload upload;
        if (ctx.isMultipartFormData()) {
            Multipart multipart = readMultipart(ctx.req(), config, "voice_wav");
            fields = multipart.fields();
            upload = multipart.upload();
        } else if (ctx.isFormUrlencoded()) {
            fields = new HashMap<>();
            ctx.formParamMap().forEach((name, values) -> fields.put(name, values.getFirst()));
            upload = null;
        } else {
            throw ApiException.unsupportedMediaType("POST /tts takes a form (multipart/form-data, or"
                    + " application/x-www-form-urlencoded without upload), not "
                    + SpeechRequest.describeContentType(ctx.contentType()));
        }
        String text = fields.get("text");
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("Text cannot be empty");
        }
        SpeechRequest.checkLength(text, "text", config);
        String voiceUrl = fields.get("voice_url");
        boolean hasUrl = voiceUrl != null && !voiceUrl.isBlank();
        if (hasUrl && upload != null) {
            throw ApiException.badRequest("Cannot provide both voice_url and voice_wav");
        }
        VoiceSource voice = hasUrl ? VoiceSource.named(voiceUrl, "voice_url")
                : upload != null ? new VoiceSource.Uploaded(upload.content(), upload.filename())
                : VoiceSource.DEFAULT;
        GenerationOptions options = GenerationParameters.fromForm(fields::get);
        return new SpeechRequest(text, voice, options, AudioFormat.WAV);
    }

    /** An uploaded file. */
    record Upload(byte[] content, String filename) {
    }

    /** A multipart form: its text fields (the first of each name) and its upload, if any. */
    record Multipart(Map<String, String> fields, Upload upload) {
    }

    /**
     * Reads a multipart form whose file part {@code uploadField} may hold up to
     * {@link ServerConfig#maxUploadBytes()}, and its other fields together {@link #FORM_OVERHEAD}.
     *
     * @throws ApiException 413 beyond those sizes, 400 for a malformed form
     */
    static Multipart readMultipart(HttpServletRequest req, ServerConfig config, String uploadField) {
        long limit = config.maxUploadBytes();
        long length = req.getContentLengthLong();
        if (length > limit + FORM_OVERHEAD) {
            throw tooLarge(config, uploadField);
        }
        req.setAttribute(MULTIPART_CONFIG, new MultipartConfigElement(System.getProperty("java.io.tmpdir"),
                limit, limit + FORM_OVERHEAD, 1 << 20));
        Map<String, String> fields = new HashMap<>();
        Upload upload = null;
        try {
            for (Part part : req.getParts()) {
                String filename = part.getSubmittedFileName();
                if (filename == null) {
                    fields.putIfAbsent(part.getName(), read(part, FORM_OVERHEAD, config, uploadField));
                } else if (part.getName().equals(uploadField) && upload == null) {
                    byte[] content = readBytes(part, limit, config, uploadField);
                    if (content.length > 0 || !filename.isEmpty()) {
                        upload = new Upload(content, filename.isEmpty() ? uploadField : filename);
                    }
                }
            }
        } catch (ApiException e) {
            throw e;
        } catch (IOException | ServletException | RuntimeException e) {
            if (exceedsLimit(e)) {
                throw tooLarge(config, uploadField);
            }
            // The parser's own words may name the server's temporary files: they go to the log only.
            throw new ApiException(400, "Cannot read the multipart form: it is malformed or incomplete (every part"
                    + " needs a name and the body must end with the closing boundary)", e);
        }
        return new Multipart(fields, upload);
    }

    private static String read(Part part, long limit, ServerConfig config, String uploadField) throws IOException {
        return new String(readBytes(part, limit, config, uploadField), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Part part, long limit, ServerConfig config, String uploadField)
            throws IOException {
        if (part.getSize() > limit) {
            throw tooLarge(config, uploadField);
        }
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static ApiException tooLarge(ServerConfig config, String uploadField) {
        return ApiException.tooLarge("The upload is too large: " + uploadField + " may hold at most "
                + Sizes.megabytes(config.maxUploadBytes()) + ", and the other fields together "
                + Sizes.megabytes(FORM_OVERHEAD) + " in at most " + MAX_FIELDS + " fields (only the first "
                + (int) ServerConfig.MAX_PROMPT_SECONDS + " s of a recording are used)");
    }

    /**
     * Whether a multipart failure is one of the parser's limits (the upload's size, the form's
     * length, its number of fields); Jetty says so only in words, in an {@link IllegalStateException}
     * ("max file size exceeded: ...", "Form is larger than max length ...", "Form with too many keys ...").
     */
    private static boolean exceedsLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof IllegalStateException && m != null
                    && (m.contains("exceeded") || m.contains("larger than") || m.contains("too many"))) {
                return true;
            }
        }
        return false;
    }
}
