package org.pockettts.server;

import java.io.IOException;

/**
 * A server of the tiny model for a child JVM with a small heap: prints its port on a line of its
 * own, and stops when its standard input ends (the test is done, or gone).
 */
public final class SmallHeapServer {

    private SmallHeapServer() {
    }

    public static void main(String[] args) throws IOException {
        try (TestServer fixture = new TestServer()) {
            // One generation at a time: the memory a request may use is what the others leave.
            TtsServer server = fixture.start(TestServer.config().maxConcurrent(1));
            System.out.println("port " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the end of the input
            }
            server.stop();
        }
    }
}
