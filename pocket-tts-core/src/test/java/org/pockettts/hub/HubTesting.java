package org.pockettts.hub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** Environments, contents and listeners shared by the hub tests. */
final class HubTesting {

    private HubTesting() {
    }

    /**
     * An environment that puts every folder under {@code dir} and points at {@code hub}; {@code extra}
     * holds more name, value pairs.
     */
    static Map<String, String> environment(Path dir, FakeHub hub, String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        env.put("HF_HOME", dir.resolve("hf").toString());
        if (hub != null) {
            env.put("HF_ENDPOINT", hub.endpoint().toString());
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Remembers what a {@link DownloadListener} was told. */
    static final class RecordingListener implements DownloadListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void started(String description, long totalBytes) {
            events.add("started " + description + " " + totalBytes);
        }

        @Override
        public void progress(long bytesSoFar) {
            events.add("progress " + bytesSoFar);
        }

        @Override
        public void finished() {
            events.add("finished");
        }

        List<Long> progress() {
            List<Long> values = new ArrayList<>();
            for (String e : events) {
                if (e.startsWith("progress ")) {
                    values.add(Long.parseLong(e.substring("progress ".length())));
                }
            }
            return values;
        }
    }
}
