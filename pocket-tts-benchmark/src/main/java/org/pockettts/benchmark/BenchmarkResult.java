package org.pockettts.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one benchmark. Times of a generation are those of its fastest run.
 *
 * @param model which model ran ("b6369a24 random weights", a config path)
 * @param quantize whether FlowLM's transformer was int8 ({@code --quantize})
 * @param loadSeconds time to build FlowLM and Mimi
 * @param voiceSeconds time to make the voice state (encoding audio when given, prompting FlowLM), the
 *     first in the JVM: JIT compilation of the kernels included
 * @param voiceAgainSeconds time to make the same voice again after the runs, with the kernels
 *     compiled; NaN for a synthetic voice (nothing to encode)
 * @param firstChunkMillis time from the start of a generation to its first audio frame, the
 *     smallest over the runs
 * @param totalSeconds wall time of the fastest run, decoding included
 * @param cpuSeconds processor time of the whole process (all threads) during the fastest run: on a
 *     machine shared with other work, {@code cpuSeconds} well below {@code threads × totalSeconds}
 *     means the run waited for processors
 * @param audioSeconds audio produced by one run
 * @param rtf real-time factor: {@code audioSeconds / totalSeconds}
 * @param peakRssMb peak resident memory of the process (VmHWM)
 * @param flowLmMillis FlowLM transformer time per frame (text prompts included)
 * @param flowMillis flow network time per frame
 * @param mimiMillis Mimi decoding time per frame
 * @param threads kernel threads
 * @param frames frames generated per run
 * @param runs runs
 * @param runSeconds wall time of every run, in order
 * @param machine processors, JVM and vector size
 */
public record BenchmarkResult(String model, boolean quantize, double loadSeconds, double voiceSeconds,
                              double voiceAgainSeconds, double firstChunkMillis,
                              double totalSeconds, double cpuSeconds, double audioSeconds, double rtf, double peakRssMb,
                              double flowLmMillis, double flowMillis, double mimiMillis, int threads, int frames,
                              int runs, double[] runSeconds, Map<String, Object> machine) {

    /** The result as one line of JSON. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("quantize", quantize);
        m.put("load_s", round(loadSeconds, 3));
        m.put("voice_s", round(voiceSeconds, 3));
        m.put("voice_again_s", Double.isNaN(voiceAgainSeconds) ? null : round(voiceAgainSeconds, 3));
        m.put("first_chunk_ms", round(firstChunkMillis, 1));
        m.put("total_s", round(totalSeconds, 3));
        m.put("cpu_s", round(cpuSeconds, 2));
        m.put("audio_s", round(audioSeconds, 2));
        m.put("rtf", round(rtf, 2));
        m.put("peak_rss_mb", round(peakRssMb, 1));
        m.put("flowlm_ms", round(flowLmMillis, 2));
        m.put("flow_ms", round(flowMillis, 2));
        m.put("mimi_ms", round(mimiMillis, 2));
        m.put("threads", threads);
        m.put("frames", frames);
        m.put("runs", runs);
        double[] rounded = new double[runSeconds.length];
        for (int i = 0; i < rounded.length; i++) {
            rounded[i] = round(runSeconds[i], 3);
        }
        m.put("run_s", rounded);
        m.putAll(machine);
        try {
            return new ObjectMapper().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This result with {@code seconds} as {@link #voiceAgainSeconds}. */
    BenchmarkResult withVoiceAgainSeconds(double seconds) {
        return new BenchmarkResult(model, quantize, loadSeconds, voiceSeconds, seconds, firstChunkMillis, totalSeconds,
                cpuSeconds, audioSeconds, rtf, peakRssMb, flowLmMillis, flowMillis, mimiMillis, threads, frames, runs,
                runSeconds, machine);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
