package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The voice fetcher against origins that misbehave. 127.0.0.2 plays a public host (the test declares
 * it public); 127.0.0.1 plays the server's own machine, which must never be reached. The fetch rule is
 * the server's {@code public} one.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UrlFetcherTest {

    private static final long MAX_BYTES = 100_000;
    private static final byte[] VOICE = randomBytes(50_000);

    private TestNetwork net;
    private TestOrigin publicOrigin;
    private TestOrigin internal;

    @BeforeEach
    void start() throws IOException {
        net = new TestNetwork().declarePublic("127.0.0.2").resolve("voices.test", "127.0.0.2");
        publicOrigin = TestOrigin.http("127.0.0.2", 0);
        internal = sameLoopbackPort(publicOrigin.port());
        internal.file("/voice.wav", "internal secret".getBytes(StandardCharsets.US_ASCII));
        publicOrigin.file("/voice.wav", VOICE);
    }

    /** An origin on 127.0.0.1 at {@code port}, so that one URL could reach either origin. */
    private static TestOrigin sameLoopbackPort(int port) throws IOException {
        return TestOrigin.http("127.0.0.1", port);
    }

    @AfterEach
    void stop() throws IOException {
        publicOrigin.close();
        internal.close();
    }

    private UrlFetcher fetcher(Duration timeout) {
        return new UrlFetcher(net.network(), timeout, MAX_BYTES, 5);
    }

    private byte[] fetch(String url) throws FetchException, InterruptedException {
        return fetch(url, Duration.ofSeconds(30));
    }

    private byte[] fetch(String url, Duration timeout) throws FetchException, InterruptedException {
        Network network = net.network();
        return fetcher(timeout).fetch(URI.create(url), (hop, address) -> network.isPublic().test(address));
    }

    private String at(String path) {
        return "http://voices.test:" + publicOrigin.port() + path;
    }

    private static FetchException.Reason failure(ThrowingFetch fetch) {
        AtomicReference<FetchException> caught = new AtomicReference<>();
        assertThatThrownBy(fetch::run).isInstanceOfSatisfying(FetchException.class, caught::set);
        return caught.get().reason();
    }

    @FunctionalInterface
    private interface ThrowingFetch {
        void run() throws Exception;
    }

    @Test
    void fetchesABodyHoweverItIsFramed() throws Exception {
        publicOrigin.chunked("/chunked", VOICE).raw("/to-the-end", concat(TestOrigin.head(200), VOICE));
        assertThat(fetch(at("/voice.wav"))).isEqualTo(VOICE);
        assertThat(fetch(at("/chunked"))).isEqualTo(VOICE);
        assertThat(fetch(at("/to-the-end"))).isEqualTo(VOICE);
        TestOrigin.Request request = publicOrigin.requests().getFirst();
        assertThat(request.host()).isEqualTo("voices.test:" + publicOrigin.port());
        assertThat(request.authorization()).isNull();
        assertThat(internal.requests()).isEmpty();
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        publicOrigin.raw("/interim", concat(TestOrigin.head(100), TestOrigin.head(103, "Link: </x>"),
                TestOrigin.head(200, "Content-Length: " + VOICE.length), VOICE));
        assertThat(fetch(at("/interim"))).isEqualTo(VOICE);
    }

    @Test
    void followsRedirectsUpToFive() throws Exception {
        for (int i = 1; i <= 6; i++) {
            publicOrigin.redirect("/hop" + i, i % 2 == 0 ? 302 : 307, i == 6 ? "/voice.wav" : "/hop" + (i + 1));
        }
        publicOrigin.redirect("/absolute", 301, at("/hop3"));
        assertThat(fetch(at("/hop2"))).isEqualTo(VOICE);
        assertThat(fetch(at("/absolute"))).isEqualTo(VOICE);
        assertThat(failure(() -> fetch(at("/hop1")))).isEqualTo(FetchException.Reason.FAILED);
    }

    @Test
    void neverConnectsToTheServersOwnMachine() {
        int port = internal.port();
        net.resolve("internal.test", "127.0.0.1").resolve("metadata.test", "169.254.169.254")
                .resolve("private.test", "10.1.2.3").resolve("mapped.test", "::ffff:127.0.0.1");
        for (String url : new String[] {"http://127.0.0.1:" + port + "/voice.wav", "http://localhost:" + port + "/voice.wav",
            "http://2130706433:" + port + "/voice.wav", "http://[::ffff:127.0.0.1]:" + port + "/voice.wav",
            "http://internal.test:" + port + "/voice.wav", "http://mapped.test:" + port + "/voice.wav",
            "http://169.254.169.254/latest/meta-data/", "http://metadata.test/", "http://private.test/",
            "http://[::1]:" + port + "/voice.wav", "http://0.0.0.0:" + port + "/voice.wav"}) {
            assertThat(failure(() -> fetch(url))).as(url).isEqualTo(FetchException.Reason.FAILED);
        }
        assertThat(internal.requests()).isEmpty();
    }

    @Test
    void aRedirectTowardsTheServersOwnMachineIsRefused() {
        int port = internal.port();
        net.resolve("internal.test", "127.0.0.1");
        publicOrigin.redirect("/to-loopback", 302, "http://127.0.0.1:" + port + "/voice.wav")
                .redirect("/to-name", 301, "http://internal.test:" + port + "/voice.wav")
                .redirect("/to-metadata", 307, "http://169.254.169.254/latest/meta-data/")
                .redirect("/twice", 302, "/to-loopback");
        for (String path : new String[] {"/to-loopback", "/to-name", "/to-metadata", "/twice"}) {
            assertThat(failure(() -> fetch(at(path)))).as(path).isEqualTo(FetchException.Reason.FAILED);
        }
        assertThat(internal.requests()).isEmpty();
        assertThat(publicOrigin.requests()).hasSize(5);
    }

    /**
     * A name that resolves to a public address when checked and to loopback right after (DNS
     * rebinding) still gets the checked address: it is resolved once and connected to as resolved.
     */
    @Test
    void aNameIsResolvedOnceAndConnectedToAsChecked() throws Exception {
        net.resolve("rebind.test", "127.0.0.2").resolve("rebind.test", "127.0.0.1");
        assertThat(fetch("http://rebind.test:" + publicOrigin.port() + "/voice.wav")).isEqualTo(VOICE);
        assertThat(net.lookups()).isEqualTo(java.util.Map.of("rebind.test", 1));
        assertThat(internal.requests()).isEmpty();
        // The next lookup gives loopback: refused, without a connection.
        assertThat(failure(() -> fetch("http://rebind.test:" + publicOrigin.port() + "/voice.wav")))
                .isEqualTo(FetchException.Reason.FAILED);
        assertThat(internal.requests()).isEmpty();
    }

    @Test
    void aNameWithAnyNonPublicAddressIsRefused() {
        net.resolve("mixed.test", "127.0.0.2", "127.0.0.1");
        assertThat(failure(() -> fetch("http://mixed.test:" + publicOrigin.port() + "/voice.wav")))
                .isEqualTo(FetchException.Reason.FAILED);
        assertThat(publicOrigin.requests()).isEmpty();
        assertThat(internal.requests()).isEmpty();
    }

    @Test
    void bodiesOverTheLimitAreRefusedWhateverTheirFraming() {
        byte[] big = randomBytes((int) MAX_BYTES + 1);
        publicOrigin.file("/declared", big).chunked("/chunked", big).endless("/endless", 1L << 30);
        for (String path : new String[] {"/declared", "/chunked", "/endless"}) {
            assertThat(failure(() -> fetch(at(path)))).as(path).isEqualTo(FetchException.Reason.TOO_LARGE);
        }
    }

    @Test
    void slowAndSilentOriginsAreCutAtTheDeadline() {
        publicOrigin.drip("/drip", 50).hang("/hang").redirect("/to-drip", 302, "/drip");
        for (String path : new String[] {"/drip", "/hang", "/to-drip"}) {
            assertThat(failure(() -> fetch(at(path), Duration.ofSeconds(1)))).as(path)
                    .isEqualTo(FetchException.Reason.FAILED);
        }
    }

    @Test
    void malformedResponsesFail() throws Exception {
        publicOrigin.raw("/garbage", "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII))
                .raw("/short", concat(TestOrigin.head(200, "Content-Length: 1000"), new byte[10]))
                .raw("/gzip", concat(TestOrigin.head(200, "Content-Encoding: gzip", "Content-Length: 3"), new byte[3]))
                .raw("/te", concat(TestOrigin.head(200, "Transfer-Encoding: gzip, chunked"), new byte[3]))
                .raw("/bad-length", concat(TestOrigin.head(200, "Content-Length: -1"), new byte[3]))
                .raw("/bad-chunk", concat(TestOrigin.head(200, "Transfer-Encoding: chunked"),
                        "zz\r\n".getBytes(StandardCharsets.US_ASCII)))
                .raw("/huge-head", concat(TestOrigin.head(200, ("X-Filler: " + "a".repeat(4000) + "\r\n").repeat(20)
                        .strip()), new byte[3]))
                .raw("/folded", concat(TestOrigin.head(200, "X-A: 1\r\n folded"), new byte[3]))
                .redirect("/no-location", 302, "")
                .redirect("/to-ftp", 302, "ftp://voices.test/voice.wav")
                .redirect("/to-userinfo", 302, "http://user@voices.test:" + publicOrigin.port() + "/voice.wav")
                .status("/missing", 404).status("/broken", 500);
        for (String path : new String[] {"/garbage", "/short", "/gzip", "/te", "/bad-length", "/bad-chunk",
            "/huge-head", "/folded", "/no-location", "/to-ftp", "/to-userinfo", "/missing", "/broken"}) {
            assertThat(failure(() -> fetch(at(path)))).as(path).isEqualTo(FetchException.Reason.FAILED);
        }
    }

    @Test
    void interruptingTheThreadStopsTheFetchAndClosesTheConnection() throws Exception {
        publicOrigin.hang("/hang");
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread fetching = Thread.ofVirtual().start(() -> {
            try {
                fetch(at("/hang"), Duration.ofMinutes(10));
                outcome.complete(null);
            } catch (Exception e) {
                outcome.complete(e);
            }
        });
        assertThat(publicOrigin.hanging.await(1, TimeUnit.MINUTES)).isTrue();
        fetching.interrupt();
        assertThat(outcome.get(1, TimeUnit.MINUTES)).isInstanceOf(InterruptedException.class);
        assertThat(publicOrigin.hungUpOn.await(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void tlsChecksTheCertificateAgainstTheUrlsHostName(@TempDir Path keys) throws Exception {
        TestCertificate certificate = TestCertificate.forHost("voices.test", keys);
        net.tls(certificate.client().getSocketFactory()).resolve("other.test", "127.0.0.2");
        try (TestOrigin secure = TestOrigin.https("127.0.0.2", certificate.server())) {
            secure.file("/voice.wav", VOICE);
            assertThat(fetch("https://voices.test:" + secure.port() + "/voice.wav")).isEqualTo(VOICE);
            assertThat(secure.requests()).singleElement().satisfies(r -> {
                assertThat(r.serverName()).isEqualTo("voices.test");
                assertThat(r.host()).isEqualTo("voices.test:" + secure.port());
            });
            // The same server under a name its certificate does not hold, or by address: refused.
            assertThat(failure(() -> fetch("https://other.test:" + secure.port() + "/voice.wav")))
                    .isEqualTo(FetchException.Reason.FAILED);
            assertThat(failure(() -> fetch("https://127.0.0.2:" + secure.port() + "/voice.wav")))
                    .isEqualTo(FetchException.Reason.FAILED);
            assertThat(secure.requests()).hasSize(1);
        }
        // And a certificate nobody vouches for (the JDK's own trust store does not know it): refused.
        net.tls((javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault());
        try (TestOrigin secure = TestOrigin.https("127.0.0.2", certificate.server())) {
            secure.file("/voice.wav", VOICE);
            assertThat(failure(() -> fetch("https://voices.test:" + secure.port() + "/voice.wav")))
                    .isEqualTo(FetchException.Reason.FAILED);
        }
    }

    @Test
    void unknownHostsFail() {
        assertThat(failure(() -> fetch("http://nowhere.test/voice.wav"))).isEqualTo(FetchException.Reason.FAILED);
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SplittableRandom(n).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        return RawRequest.concat(parts);
    }
}
