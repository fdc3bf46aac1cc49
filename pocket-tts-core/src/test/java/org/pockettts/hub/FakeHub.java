package org.pockettts.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Hugging Face Hub on 127.0.0.1 for tests. It serves {@code /<owner>/<repo>/resolve/<rev>/<path>}
 * with the Hub's headers; "large" (LFS) files redirect to {@code /cdn/<sha256>} on the host name
 * {@code localhost}, standing for the storage host, so tests can see which host got the token. It can
 * gate a repository behind a token, break the connection in the middle of a file, stall, and serve
 * content that does not match its announced checksum. Every request is recorded.
 */
public final class FakeHub implements AutoCloseable {

    /** One request as the server saw it. */
    public record Request(String method, String host, String path, String authorization, String range) {
        public boolean toCdn() {
            return path.startsWith("/cdn/");
        }
    }

    /** A file in a repository; {@code servedContent} differs from {@code content} to fake corruption. */
    public record Entry(byte[] content, boolean lfs, byte[] servedContent) {
        String sha256() {
            return hex("SHA-256", content);
        }

        String gitHash() {
            byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[header.length + content.length];
            System.arraycopy(header, 0, all, 0, header.length);
            System.arraycopy(content, 0, all, header.length, content.length);
            return hex("SHA-1", all);
        }
    }

    /**
     * A repository at one commit, reachable as "main" or by that commit; files may also be added at
     * other commits ({@link #addFileAt}), reachable by those only.
     */
    public static final class Repo {
        public final String commit;
        final Map<String, Entry> files = new ConcurrentHashMap<>();
        final Map<String, Map<String, Entry>> otherCommits = new ConcurrentHashMap<>();
        public volatile String requiredToken;

        Repo(String commit) {
            this.commit = commit;
        }
    }

    private static final Pattern RESOLVE = Pattern.compile("/([^/]+)/([^/]+)/resolve/([^/]+)/(.+)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, String> renamed = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Bytes the storage host sends of the next file before dropping the connection; -1: no break. */
    public volatile long breakAfter = -1;
    /** Bytes the storage host sends of the next file before going silent; -1: no stall. */
    public volatile long stallAfter = -1;

    public FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The Hub's address. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Adds a repository at a commit derived from its name. */
    public Repo repo(String repoId) {
        return repos.computeIfAbsent(repoId, id -> new Repo(hex("SHA-1", id.getBytes(StandardCharsets.UTF_8))));
    }

    /** Adds a repository at the given 40-hex commit. */
    public Repo repo(String repoId, String commit) {
        return repos.computeIfAbsent(repoId, id -> new Repo(commit));
    }

    public Entry addFile(String repoId, String path, byte[] content, boolean lfs) {
        Entry entry = new Entry(content, lfs, content);
        repo(repoId).files.put(path, entry);
        return entry;
    }

    /** Adds a file at the 40-hex commit {@code revision}, other than the repository's own. */
    public Entry addFileAt(String repoId, String revision, String path, byte[] content, boolean lfs) {
        Entry entry = new Entry(content, lfs, content);
        repo(repoId).otherCommits.computeIfAbsent(revision, r -> new ConcurrentHashMap<>()).put(path, entry);
        return entry;
    }

    /** A large file whose served bytes differ from those its checksum was computed from. */
    public Entry addCorruptFile(String repoId, String path, byte[] content, byte[] served) {
        Entry entry = new Entry(content, true, served);
        repo(repoId).files.put(path, entry);
        return entry;
    }

    /** Requests for {@code oldId} get a relative redirect to {@code newId}, as the Hub does for renamed repositories. */
    public void rename(String oldId, String newId) {
        renamed.put(oldId, newId);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Host"), path,
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Range")));
            if (path.startsWith("/cdn/")) {
                serveStorage(exchange, path.substring("/cdn/".length()));
                return;
            }
            Matcher m = RESOLVE.matcher(path);
            if (!m.matches()) {
                error(exchange, 404, "RepoNotFound");
                return;
            }
            String repoId = m.group(1) + "/" + m.group(2);
            String revision = decode(m.group(3));
            String filePath = decode(m.group(4));
            if (renamed.containsKey(repoId)) {
                exchange.getResponseHeaders().set("Location", "/" + renamed.get(repoId) + "/resolve/" + m.group(3) + "/" + m.group(4));
                exchange.sendResponseHeaders(307, -1);
                return;
            }
            Repo repo = repos.get(repoId);
            if (repo == null) {
                error(exchange, 404, "RepoNotFound");
                return;
            }
            if (repo.requiredToken != null) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization == null) {
                    error(exchange, 401, "GatedRepo");
                    return;
                }
                if (!authorization.equals("Bearer " + repo.requiredToken)) {
                    error(exchange, 403, "GatedRepo");
                    return;
                }
            }
            boolean own = revision.equals("main") || revision.equals(repo.commit);
            Map<String, Entry> files = own ? repo.files : repo.otherCommits.get(revision);
            if (files == null) {
                error(exchange, 404, "RevisionNotFound");
                return;
            }
            String commit = own ? repo.commit : revision;
            Entry entry = files.get(filePath);
            if (entry == null) {
                exchange.getResponseHeaders().set("X-Repo-Commit", commit);
                error(exchange, 404, "EntryNotFound");
                return;
            }
            exchange.getResponseHeaders().set("X-Repo-Commit", commit);
            if (entry.lfs()) {
                exchange.getResponseHeaders().set("ETag", "W/\"" + entry.gitHash() + "\"");
                exchange.getResponseHeaders().set("X-Linked-Etag", "\"" + entry.sha256() + "\"");
                exchange.getResponseHeaders().set("X-Linked-Size", Long.toString(entry.content().length));
                exchange.getResponseHeaders().set("Location", "http://localhost:" + port() + "/cdn/" + entry.sha256());
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.getResponseHeaders().set("ETag", "\"" + entry.gitHash() + "\"");
                send(exchange, entry.content(), 0, false);
            }
        }
    }

    /** The storage host: content by SHA-256, with ranges, breaks and stalls. */
    private void serveStorage(HttpExchange exchange, String sha256) throws IOException {
        Entry entry = repos.values().stream()
                .flatMap(r -> Stream.concat(r.files.values().stream(),
                        r.otherCommits.values().stream().flatMap(m -> m.values().stream())))
                .filter(e -> e.lfs() && e.sha256().equals(sha256)).findFirst().orElse(null);
        if (entry == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        byte[] content = entry.servedContent();
        long from = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (m.matches()) {
                from = Long.parseLong(m.group(1));
                if (from >= content.length) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            }
        }
        send(exchange, content, (int) from, range != null);
    }

    private void send(HttpExchange exchange, byte[] content, int from, boolean partial) throws IOException {
        int length = content.length - from;
        if (exchange.getRequestMethod().equals("HEAD")) {
            // The JDK server does not fill in the length of a HEAD answer: it is set by hand, as the Hub sends it.
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(length));
            exchange.sendResponseHeaders(partial ? 206 : 200, -1);
            return;
        }
        exchange.sendResponseHeaders(partial ? 206 : 200, length == 0 ? -1 : length);
        OutputStream out = exchange.getResponseBody();
        long breakAt = exchange.getRequestURI().getPath().startsWith("/cdn/") ? breakAfter : -1;
        long stallAt = exchange.getRequestURI().getPath().startsWith("/cdn/") ? stallAfter : -1;
        if (breakAt >= 0 && breakAt < length) {
            breakAfter = -1;
            out.write(content, from, (int) breakAt);
            out.flush();
            // Closing short of the announced length makes the server drop the connection.
            exchange.close();
            return;
        }
        if (stallAt >= 0 && stallAt < length) {
            stallAfter = -1;
            out.write(content, from, (int) stallAt);
            out.flush();
            try {
                closing.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        out.write(content, from, length);
    }

    private static void error(HttpExchange exchange, int status, String code) throws IOException {
        exchange.getResponseHeaders().set("X-Error-Code", code);
        exchange.getResponseHeaders().set("X-Error-Message", code + " in the fake hub");
        exchange.sendResponseHeaders(status, -1);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
