package org.pockettts.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HubLocationTest {

    private static final URI HUB = URI.create("https://huggingface.co");

    @Test
    void parsesOwnerRepositoryPathAndRevision() {
        HubLocation l = HubLocation.parse(
                "hf://kyutai/pocket-tts/tts_b6369a24.safetensors@427e3d61b276ed69fdd03de0d185fa8a8d97fc5b");
        assertThat(l.owner()).isEqualTo("kyutai");
        assertThat(l.repository()).isEqualTo("pocket-tts");
        assertThat(l.repoId()).isEqualTo("kyutai/pocket-tts");
        assertThat(l.path()).isEqualTo("tts_b6369a24.safetensors");
        assertThat(l.revision()).isEqualTo("427e3d61b276ed69fdd03de0d185fa8a8d97fc5b");
        assertThat(l.isCommitHash()).isTrue();
    }

    @Test
    void pathInAFolderAndNoRevisionMeansMain() {
        HubLocation l = HubLocation.parse("hf://kyutai/pocket-tts-without-voice-cloning/embeddings/alba.safetensors");
        assertThat(l.path()).isEqualTo("embeddings/alba.safetensors");
        assertThat(l.fileName()).isEqualTo("alba.safetensors");
        assertThat(l.revision()).isEqualTo("main");
        assertThat(l.isCommitHash()).isFalse();
    }

    @Test
    void toUrlFollowsTheHubResolveScheme() {
        HubLocation l = HubLocation.parse("hf://kyutai/pocket-tts-without-voice-cloning/embeddings/alba.safetensors"
                + "@d4fdd22ae8c8e1cb3634e150ebeff1dab2d16df3");
        assertThat(l.toUrl(HUB)).isEqualTo(URI.create("https://huggingface.co/kyutai/pocket-tts-without-voice-cloning"
                + "/resolve/d4fdd22ae8c8e1cb3634e150ebeff1dab2d16df3/embeddings/alba.safetensors"));
        assertThat(l.toUrl(URI.create("http://127.0.0.1:8080/"))).hasToString("http://127.0.0.1:8080/kyutai/"
                + "pocket-tts-without-voice-cloning/resolve/d4fdd22ae8c8e1cb3634e150ebeff1dab2d16df3/embeddings/alba.safetensors");
    }

    @Test
    void toUrlEncodesTheRevisionAsOneSegmentAndSpecialCharactersOfThePath() {
        HubLocation l = new HubLocation("owner", "repo", "voices/my voice é.wav", "refs/pr/1");
        assertThat(l.toUrl(HUB)).hasToString("https://huggingface.co/owner/repo/resolve/refs%2Fpr%2F1/voices/my%20voice%20%C3%A9.wav");
    }

    @Test
    void toStringGivesTheHfForm() {
        assertThat(HubLocation.parse("hf://a/b/c/d.bin")).hasToString("hf://a/b/c/d.bin@main");
        assertThat(HubLocation.parse("hf://a/b/c/d.bin@v1.0")).hasToString("hf://a/b/c/d.bin@v1.0");
    }

    @Test
    void fewerThanThreePartsIsRejectedWithTheExpectedForm() {
        for (String bad : new String[] {"hf://kyutai", "hf://kyutai/pocket-tts", "hf://kyutai/pocket-tts/", "hf:///x/y"}) {
            assertThatThrownBy(() -> HubLocation.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("hf://owner/repository/path/in/repository[@revision]");
        }
    }

    @Test
    void otherSchemesAndEmptyRevisionsAreRejected() {
        assertThatThrownBy(() -> HubLocation.parse("https://huggingface.co/a/b"))
                .hasMessageContaining("must start with hf://");
        assertThatThrownBy(() -> HubLocation.parse("hf://a/b/c@"))
                .hasMessageContaining("the revision after @ is empty");
    }

    @Test
    void partsThatCouldLeaveTheCacheFolderAreRejected() {
        assertThatThrownBy(() -> HubLocation.parse("hf://a/b/../../etc/passwd")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> HubLocation.parse("hf://a/b/c@../../x")).hasMessageContaining("revision");
        assertThatThrownBy(() -> HubLocation.parse("hf://a/b--c/d")).hasMessageContaining("'b--c'");
        assertThatThrownBy(() -> HubLocation.parse("hf://a/b/c//d")).hasMessageContaining("empty");
        assertThatThrownBy(() -> new HubLocation("a", "b", "c\\d", "main")).hasMessageContaining("backslash");
    }
}
