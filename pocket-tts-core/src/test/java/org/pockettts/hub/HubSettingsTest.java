package org.pockettts.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsFollowHuggingfaceHub() {
        HubSettings s = HubSettings.fromEnvironment(Map.of("HOME", "/home/ada"));
        assertThat(s.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(s.hubCache()).isEqualTo(Path.of("/home/ada/.cache/huggingface/hub"));
        assertThat(s.urlCache()).isEqualTo(Path.of("/home/ada/.cache/pocket_tts"));
        assertThat(s.token()).isNull();
        assertThat(s.offline()).isFalse();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void xdgCacheHomeMovesBothCaches() {
        HubSettings s = HubSettings.fromEnvironment(Map.of("HOME", "/home/ada", "XDG_CACHE_HOME", "/var/cache/ada"));
        assertThat(s.hubCache()).isEqualTo(Path.of("/var/cache/ada/huggingface/hub"));
        assertThat(s.urlCache()).isEqualTo(Path.of("/var/cache/ada/pocket_tts"));
    }

    @Test
    void hfHomeAndHfHubCacheAreHonouredWithTildeAndVariables() {
        assertThat(HubSettings.fromEnvironment(Map.of("HOME", "/home/ada", "HF_HOME", "~/hf")).hubCache())
                .isEqualTo(Path.of("/home/ada/hf/hub"));
        assertThat(HubSettings.fromEnvironment(Map.of("HOME", "/home/ada", "HF_HOME", "/x", "HF_HUB_CACHE", "$HOME/models")).hubCache())
                .isEqualTo(Path.of("/home/ada/models"));
        assertThat(HubSettings.fromEnvironment(Map.of("HOME", "/h", "HUGGINGFACE_HUB_CACHE", "/legacy")).hubCache())
                .isEqualTo(Path.of("/legacy"));
        assertThat(HubSettings.fromEnvironment(Map.of("HOME", "/h", "HUGGINGFACE_HUB_CACHE", "/legacy", "HF_HUB_CACHE", "/new")).hubCache())
                .isEqualTo(Path.of("/new"));
    }

    @Test
    void hfEndpointIsUsedWithoutTrailingSlash() {
        HubSettings s = HubSettings.fromEnvironment(Map.of("HOME", "/h", "HF_ENDPOINT", "https://hf-mirror.example/"));
        assertThat(s.endpoint()).isEqualTo(URI.create("https://hf-mirror.example"));
        assertThatThrownBy(() -> HubSettings.fromEnvironment(Map.of("HOME", "/h", "HF_ENDPOINT", "ftp://x")))
                .hasMessageContaining("HF_ENDPOINT");
    }

    @Test
    void tokenComesFromHfTokenThenTheLegacyVariableThenTheTokenFile() throws Exception {
        Path hfHome = dir.resolve("hf");
        Files.createDirectories(hfHome);
        Files.writeString(hfHome.resolve("token"), "  hf_file\r\n");
        String home = hfHome.toString();

        HubSettings fromFile = HubSettings.fromEnvironment(Map.of("HF_HOME", home));
        assertThat(fromFile.token()).isEqualTo("hf_file");
        assertThat(fromFile.tokenSource()).isEqualTo("the token file " + hfHome.resolve("token"));

        HubSettings legacy = HubSettings.fromEnvironment(Map.of("HF_HOME", home, "HUGGING_FACE_HUB_TOKEN", "hf_legacy"));
        assertThat(legacy.token()).isEqualTo("hf_legacy");

        HubSettings both = HubSettings.fromEnvironment(Map.of("HF_HOME", home, "HF_TOKEN", "hf_env", "HUGGING_FACE_HUB_TOKEN", "hf_legacy"));
        assertThat(both.token()).isEqualTo("hf_env");
        assertThat(both.tokenSource()).isEqualTo("HF_TOKEN");

        HubSettings blank = HubSettings.fromEnvironment(Map.of("HF_HOME", home, "HF_TOKEN", ""));
        assertThat(blank.token()).isEqualTo("hf_file");
    }

    @Test
    void hfTokenPathPointsToAnotherTokenFile() throws Exception {
        Path tokenFile = dir.resolve("elsewhere/my-token");
        Files.createDirectories(tokenFile.getParent());
        Files.writeString(tokenFile, "hf_elsewhere");
        HubSettings s = HubSettings.fromEnvironment(Map.of("HF_HOME", dir.toString(), "HF_TOKEN_PATH", tokenFile.toString()));
        assertThat(s.token()).isEqualTo("hf_elsewhere");
    }

    @Test
    void offlineModeAcceptsTheValuesHuggingfaceHubAccepts() {
        for (String on : new String[] {"1", "true", "TRUE", "yes", "on", "On"}) {
            assertThat(HubSettings.fromEnvironment(Map.of("HOME", "/h", "HF_HUB_OFFLINE", on)).offline()).as(on).isTrue();
        }
        for (String off : new String[] {"0", "false", "no", "", "off"}) {
            assertThat(HubSettings.fromEnvironment(Map.of("HOME", "/h", "HF_HUB_OFFLINE", off)).offline()).as(off).isFalse();
        }
        assertThat(HubSettings.fromEnvironment(Map.of("HOME", "/h", "TRANSFORMERS_OFFLINE", "1")).offline()).isTrue();
    }

    @Test
    void timeoutsComeFromTheHuggingfaceHubVariables() {
        HubSettings s = HubSettings.fromEnvironment(Map.of("HOME", "/h", "HF_HUB_ETAG_TIMEOUT", "3", "HF_HUB_DOWNLOAD_TIMEOUT", "120"));
        assertThat(s.metadataTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(HubSettings.fromEnvironment(Map.of("HOME", "/h", "HF_HUB_ETAG_TIMEOUT", "soon")).metadataTimeout())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void toStringDoesNotShowTheToken() {
        HubSettings s = HubSettings.fromEnvironment(Map.of("HOME", "/h", "HF_TOKEN", "hf_very_secret"));
        assertThat(s.toString()).doesNotContain("hf_very_secret").contains("from HF_TOKEN");
    }
}
