package org.pockettts.hub;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A file in a model repository of the Hugging Face Hub, written {@code hf://owner/repository/path@revision}
 * in model configurations. The revision is a branch, a tag or a commit hash; without one it is
 * {@value #DEFAULT_REVISION}.
 *
 * @param owner      user or organisation owning the repository, e.g. {@code kyutai}
 * @param repository name of the repository, e.g. {@code pocket-tts}
 * @param path       path of the file inside the repository, with {@code /} between folders
 * @param revision   branch, tag or commit hash
 */
public record HubLocation(String owner, String repository, String path, String revision) {

    /** The revision used when a location names none, as on the Hub. */
    public static final String DEFAULT_REVISION = "main";

    private static final String SCHEME = "hf://";
    private static final String FORM = "hf://owner/repository/path/in/repository[@revision]";
    // Repository names on the Hub use these characters only; "--" is excluded because the cache
    // joins owner and name with it, so it must not be ambiguous.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern COMMIT_HASH = Pattern.compile("[0-9a-f]{40}");

    /** Checks the parts, so that none of them can reach outside its folder in the cache. */
    public HubLocation {
        checkName(owner, "owner");
        checkName(repository, "repository name");
        checkRelativePath(path, "file path");
        checkRelativePath(revision, "revision");
    }

    /** A location at the default revision. */
    public HubLocation(String owner, String repository, String path) {
        this(owner, repository, path, DEFAULT_REVISION);
    }

    /**
     * Parses {@code hf://owner/repository/path/in/repository[@revision]}.
     *
     * @throws IllegalArgumentException when {@code location} is not of that form; the message shows the form
     */
    public static HubLocation parse(String location) {
        if (location == null || !location.startsWith(SCHEME)) {
            throw new IllegalArgumentException("Invalid Hugging Face Hub location '" + location
                    + "': it must start with hf:// and have the form " + FORM);
        }
        String rest = location.substring(SCHEME.length());
        String[] parts = rest.split("/", 3);
        if (parts.length < 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("Invalid Hugging Face Hub location '" + location
                    + "': it needs an owner, a repository and a file path, as in " + FORM);
        }
        String path = parts[2];
        String revision = DEFAULT_REVISION;
        int at = path.lastIndexOf('@');
        if (at >= 0) {
            revision = path.substring(at + 1);
            path = path.substring(0, at);
            if (revision.isEmpty() || path.isEmpty()) {
                throw new IllegalArgumentException("Invalid Hugging Face Hub location '" + location
                        + "': " + (path.isEmpty() ? "the file path" : "the revision after @") + " is empty; expected " + FORM);
            }
        }
        try {
            return new HubLocation(parts[0], parts[1], path, revision);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid Hugging Face Hub location '" + location + "': " + e.getMessage(), e);
        }
    }

    /** {@code owner/repository}, the repository's name on the Hub. */
    public String repoId() {
        return owner + "/" + repository;
    }

    /** Whether the revision is a full commit hash, which names one unchanging version of the file. */
    public boolean isCommitHash() {
        return isCommitHash(revision);
    }

    /** Whether {@code revision} is a full (40 hex digits, lower case) commit hash. */
    public static boolean isCommitHash(String revision) {
        return revision != null && COMMIT_HASH.matcher(revision).matches();
    }

    /** The file name: the last part of {@link #path()}. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The address the Hub serves this file at: {@code <endpoint>/<owner>/<repository>/resolve/<revision>/<path>}.
     *
     * @param endpoint the Hub's address, e.g. {@code https://huggingface.co}
     */
    public URI toUrl(URI endpoint) {
        String base = withoutTrailingSlash(endpoint);
        // The revision is one path segment even when it holds a slash (refs/pr/1), as the Hub expects.
        return URI.create(base + "/" + owner + "/" + repository + "/resolve/"
                + percentEncode(revision, false) + "/" + percentEncode(path, true));
    }

    /** The page of the repository on the Hub, where gated repositories show their terms. */
    public URI repositoryPage(URI endpoint) {
        return URI.create(withoutTrailingSlash(endpoint) + "/" + owner + "/" + repository);
    }

    /** The location in its {@code hf://owner/repository/path@revision} form. */
    @Override
    public String toString() {
        return SCHEME + owner + "/" + repository + "/" + path + "@" + revision;
    }

    private static String withoutTrailingSlash(URI endpoint) {
        return endpoint.toString().replaceAll("/+$", "");
    }

    private static void checkName(String value, String what) {
        if (value == null || !NAME.matcher(value).matches() || value.contains("--") || value.contains("..")) {
            throw new IllegalArgumentException("the " + what + " '" + value + "' is not a valid Hub name"
                    + " (letters, digits, '-', '_' and '.', without '--' or '..')");
        }
    }

    private static void checkRelativePath(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        if (value.indexOf('\\') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the " + what + " '" + value + "' contains a backslash or a NUL character");
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("the " + what + " '" + value
                        + "' has an empty, '.' or '..' part");
            }
        }
    }

    /** Percent-encodes all but unreserved characters (and {@code /} when {@code keepSlash}), as UTF-8. */
    static String percentEncode(String value, boolean keepSlash) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/');
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
