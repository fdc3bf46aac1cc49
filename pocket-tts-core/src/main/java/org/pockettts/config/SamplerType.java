package org.pockettts.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the flow network turns noise into a latent ({@code flow_lm.flow.type}).
 */
public enum SamplerType {

    /** Lagrangian self-distillation: two time conditions, {@code x += v(i/n, (i+1)/n, x) / n} for {@code i < n}. */
    LSD("lsd", 2),

    /** Flow matching: one time condition, {@code x += v(i/n, x) / n}. */
    FLOW_MATCHING("flow_matching", 1),

    /** One call on the noise, {@code x = v(x)}, with no time condition, whatever the number of steps. */
    DRIFTING("drifting", 0);

    private final String key;
    private final int timeConditions;

    SamplerType(String key, int timeConditions) {
        this.key = key;
        this.timeConditions = timeConditions;
    }

    /** The name in a configuration file. */
    public String key() {
        return key;
    }

    /** How many time conditions (and {@code time_embed.*} networks) the flow network takes. */
    public int timeConditions() {
        return timeConditions;
    }

    /** The sampler named {@code key} in a configuration, or null when there is none of that name. */
    static SamplerType of(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.key.equals(k)).findFirst().orElse(null);
    }
}
