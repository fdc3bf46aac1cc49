package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The command line's log lines: our own failures come with their stack trace, the libraries' chatter without. */
class LoggingTest {

    /** Held: the logging framework keeps loggers weakly. */
    private static final Logger SERVER = Logger.getLogger("org.pockettts.server.ErrorAnswers");
    private static final Logger LIBRARY = Logger.getLogger("org.eclipse.jetty.server.Response");

    private static String logged(Runnable logging) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Logging.configure(new PrintStream(err, true, StandardCharsets.UTF_8), false);
        logging.run();
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aServerErrorIsLoggedWithItsStackTrace() {
        IllegalStateException failure = new IllegalStateException("the cause", new ArithmeticException("deeper"));
        String text = logged(() -> SERVER.log(Level.SEVERE, "Request 0123456789ab: answered 500", failure));
        assertThat(text).startsWith("Error: Request 0123456789ab: answered 500" + System.lineSeparator()
                + "java.lang.IllegalStateException: the cause" + System.lineSeparator() + "\tat ");
        assertThat(text).contains("Caused by: java.lang.ArithmeticException: deeper")
                .contains("\tat org.pockettts.cli.LoggingTest");
    }

    @Test
    void warningsAndInformationKeepTheirFormAndTraces() {
        String text = logged(() -> {
            SERVER.log(Level.WARNING, "Request x: answered 422 after an unexpected failure", new RuntimeException("why"));
            SERVER.info("Request y: answered 422: the download failed");
        });
        assertThat(text).startsWith("Warning: Request x: answered 422 after an unexpected failure")
                .contains("java.lang.RuntimeException: why").contains(System.lineSeparator()
                        + "Request y: answered 422: the download failed" + System.lineSeparator());
    }

    @Test
    void librariesStayOneLine() {
        String text = logged(() -> LIBRARY.log(Level.WARNING, "writeError: status=500", new RuntimeException("noise")));
        assertThat(text).isEqualTo("Warning: writeError: status=500" + System.lineSeparator());
    }
}
