package org.pockettts.server;

import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web page and its script and style, read once from the jar. Everything it needs is here: it
 * loads nothing from other hosts, so it works offline and behind firewalls.
 */
final class WebPage {

    private static final String FOLDER = "/org/pockettts/server/web/";

    private WebPage() {
    }

    /** A handler answering {@code file} from the page's folder with {@code contentType}. */
    static Handler asset(String file, String contentType) {
        byte[] content = load(file);
        return ctx -> ctx.contentType(contentType).header("Cache-Control", "no-cache").result(content);
    }

    private static byte[] load(String file) {
        try (InputStream in = WebPage.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("web page file " + FOLDER + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
