package org.pockettts.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.pockettts.api.ModelFiles;
import org.pockettts.api.ModelFormatException;

/**
 * File locations inside a configuration read from a URL: a relative path there means a file next
 * to the configuration, in the same repository and at the same revision ({@code hf://}) or under
 * the same address ({@code http(s)://}).
 */
final class RemoteLocations {

    private RemoteLocations() {
    }

    /**
     * {@code location} as written in the configuration at {@code base}: unchanged when it is remote
     * or an absolute path, else resolved against {@code base}.
     *
     * @throws ModelFormatException when a relative path climbs out of the repository
     */
    static String resolve(String location, String base) {
        if (ModelFiles.isRemote(location) || location.startsWith("file://") || Path.of(location).isAbsolute()) {
            return location;
        }
        if (base.startsWith("hf://")) {
            return resolveOnHub(location, base);
        }
        try {
            return new URI(base).resolve(new URI(null, null, location, null)).toString();
        } catch (URISyntaxException e) {
            throw new ModelFormatException("Invalid model configuration " + base + ": the location '" + location
                    + "' is not a valid relative address (" + e.getMessage() + ")");
        }
    }

    /** {@code hf://owner/repo/dir/config.yaml@rev} and {@code x/y.bin} give {@code hf://owner/repo/dir/x/y.bin@rev}. */
    private static String resolveOnHub(String location, String base) {
        String rest = base.substring("hf://".length());
        int at = rest.lastIndexOf('@');
        String revision = at >= 0 ? rest.substring(at) : "";
        String path = at >= 0 ? rest.substring(0, at) : rest;
        String[] parts = path.split("/");
        if (parts.length < 3) {
            return location;
        }
        String repository = parts[0] + "/" + parts[1];
        Deque<String> folders = new ArrayDeque<>();
        for (int i = 2; i < parts.length - 1; i++) {
            folders.addLast(parts[i]);
        }
        String file = location;
        String ownRevision = "";
        int own = location.lastIndexOf('@');
        if (own >= 0) {
            ownRevision = location.substring(own);
            file = location.substring(0, own);
        }
        for (String segment : file.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (folders.isEmpty()) {
                    throw new ModelFormatException("Invalid model configuration " + base + ": the location '"
                            + location + "' points outside the repository " + repository);
                }
                folders.removeLast();
            } else {
                folders.addLast(segment);
            }
        }
        return "hf://" + repository + "/" + String.join("/", folders) + (ownRevision.isEmpty() ? revision : ownRevision);
    }
}
