package org.pockettts.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The seed of a row without one is the documented function of its id, computed here by coreutils' sha256sum. */
class SeedsTest {

    @Test
    void seedIsTheFirst63BitsOfTheIdsSha256() throws IOException, InterruptedException {
        for (String id : new String[] {"a", "intro-01", "Chapter_7.part-2", "x".repeat(128)}) {
            Process p;
            try {
                p = new ProcessBuilder("sha256sum").start();
            } catch (IOException e) {
                assumeTrue(false, "sha256sum is not installed");
                return;
            }
            p.getOutputStream().write(id.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String hex = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).substring(0, 16);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long expected = Long.parseUnsignedLong(hex, 16) >>> 1;
            assertThat(Seeds.fromId(id)).as(id).isEqualTo(expected).isNotNegative();
        }
    }

    @Test
    void differentIdsGetDifferentSeeds() {
        assertThat(Seeds.fromId("a")).isNotEqualTo(Seeds.fromId("b")).isNotEqualTo(Seeds.fromId("A"));
    }
}
