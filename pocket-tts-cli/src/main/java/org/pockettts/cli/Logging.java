package org.pockettts.cli;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Routes the engine's log (SLF4J over java.util.logging) to standard error as plain lines:
 * information as is, warnings and errors with a prefix. {@code --quiet} keeps only errors.
 */
final class Logging {

    private static final Logger[] CHATTY = {Logger.getLogger("org.eclipse.jetty"), Logger.getLogger("io.javalin")};

    private Logging() {
    }

    static void configure(PrintStream err, boolean quiet) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Formatter lines = new Formatter() {
            @Override
            public String format(LogRecord r) {
                String message = formatMessage(r);
                if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    return "Error: " + message + System.lineSeparator();
                }
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    return "Warning: " + message + System.lineSeparator();
                }
                return message + System.lineSeparator();
            }
        };
        // A StreamHandler of our own: a ConsoleHandler would close System.err when redirected.
        Handler handler = new StreamHandler(err, lines) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }

            @Override
            public synchronized void close() {
                flush();
            }
        };
        Level level = quiet ? Level.SEVERE : Level.INFO;
        handler.setLevel(level);
        root.setLevel(level);
        root.addHandler(handler);
        // The web server's own chatter is noise on a command line. The loggers are held here: the
        // logging framework keeps them weakly, and a collected one would forget its level.
        for (Logger chatty : CHATTY) {
            chatty.setLevel(quiet ? Level.SEVERE : Level.WARNING);
        }
    }
}
