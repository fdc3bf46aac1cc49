package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Sentences of text that arrives piece by piece: the documented rule, whatever the cuts. */
class SentenceSplitterTest {

    /**
     * The rule written independently, as one regular expression over the whole text: white space
     * after a sentence end and at most a few closing quotes or brackets (the generator below never
     * writes more than three in a row).
     */
    private static final Pattern ORACLE = Pattern.compile("(?<=[.!?…][\"'”’»)\\]]{0,8})\\s");
    private static final String[] WORDS = {"Hello", "world", "3.5", "example.com", "Mr.", "ok", "yes", "x", "(it",
            "works)", "\"Stop", "said", "é", "…", "Really", "", "a\tb"};
    private static final String[] ENDS = {"", "", "", ".", "!", "?", "…", "?!", "...", ".\"", "!)", "?”", ".’)", ","};
    private static final String[] SPACES = {" ", " ", "  ", "\n", "\r\n", "\t", " \n "};

    @Test
    void endsSentencesAtTheEndsFollowedByWhiteSpace() {
        assertThat(all("Hello world. How are you? I am fine! Thanks… Bye"))
                .containsExactly("Hello world.", "How are you?", "I am fine!", "Thanks…", "Bye");
    }

    @Test
    void keepsRunsOfEndsAndClosingQuotesWithTheirSentence() {
        assertThat(all("Really?! Yes... He said \"Stop.\" (It works.) Then ’quoted.’ end"))
                .containsExactly("Really?!", "Yes...", "He said \"Stop.\"", "(It works.)", "Then ’quoted.’", "end");
    }

    @Test
    void aPointWithoutWhiteSpaceAfterItEndsNothing() {
        assertThat(all("Version 3.5 of example.com is out.\nNext line\nwithout end")).containsExactly(
                "Version 3.5 of example.com is out.", "Next line\nwithout end");
    }

    @Test
    void anEndAtTheEndOfWhatArrivedWaitsForWhatFollows() {
        SentenceSplitter splitter = new SentenceSplitter();
        assertThat(splitter.append("It costs 3.")).isEmpty();
        assertThat(splitter.append("5 euros. And")).containsExactly("It costs 3.5 euros.");
        assertThat(splitter.append(" more.")).isEmpty();
        assertThat(splitter.append("\n")).containsExactly("And more.");
        assertThat(splitter.flush()).isEmpty();
    }

    @Test
    void flushSpeaksTheRestAndEmptiesTheBuffer() {
        SentenceSplitter splitter = new SentenceSplitter();
        assertThat(splitter.append("  no end here ")).isEmpty();
        assertThat(splitter.flush()).contains("no end here");
        assertThat(splitter.flush()).isEmpty();
        assertThat(splitter.append("Fresh start. ")).containsExactly("Fresh start.");
        assertThat(splitter.append(" \n\t ")).isEmpty();
        assertThat(splitter.flush()).isEmpty();
    }

    @Test
    void anyCuttingGivesTheSentencesOfTheWholeText() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            int words = random.nextInt(30);
            for (int w = 0; w < words; w++) {
                text.append(pick(random, WORDS)).append(pick(random, ENDS)).append(pick(random, SPACES));
            }
            if (random.nextBoolean()) {
                text.append(pick(random, WORDS)).append(pick(random, ENDS));
            }
            SentenceSplitter splitter = new SentenceSplitter();
            List<String> got = new ArrayList<>();
            int at = 0;
            while (at < text.length()) {
                int end = Math.min(text.length(), at + random.nextInt(6));
                got.addAll(splitter.append(text.subSequence(at, end)));
                at = end;
            }
            splitter.flush().ifPresent(got::add);
            assertThat(got).as("seed %d, text [%s]", seed, text).isEqualTo(oracle(text.toString()));
            assertThat(got).as("seed %d", seed).allSatisfy(s -> assertThat(s).isNotBlank().isEqualTo(s.strip()));
        }
    }

    private static List<String> oracle(String text) {
        List<String> sentences = new ArrayList<>();
        for (String piece : ORACLE.split(text, -1)) {
            if (!piece.isBlank()) {
                sentences.add(piece.strip());
            }
        }
        return sentences;
    }

    private static List<String> all(String text) {
        SentenceSplitter splitter = new SentenceSplitter();
        List<String> sentences = new ArrayList<>(splitter.append(text));
        Optional<String> rest = splitter.flush();
        rest.ifPresent(sentences::add);
        return sentences;
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
