package org.pockettts.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Routes the engine's log (SLF4J over java.util.logging) to standard error as plain lines:
 * information as is, warnings and errors with a prefix. Our own records are followed by the stack
 * trace of the exception logged with them, if any: the server logs its failures so, with the
 * request's id in the message. Those of the libraries stay one line. {@code --quiet} keeps only errors.
 */
final class Logging {

    private static final String OWN_LOGGERS = "org.pockettts.";
    private static final Logger[] CHATTY = {Logger.getLogger("org.eclipse.jetty"), Logger.getLogger("io.javalin")};

    private Logging() {
    }

    /** The stack trace of {@code thrown} (with its causes), or nothing. */
    private static String stackTrace(Throwable thrown) {
        if (thrown == null) {
            return "";
        }
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
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
                String prefix = r.getLevel().intValue() >= Level.SEVERE.intValue() ? "Error: "
                        : r.getLevel().intValue() >= Level.WARNING.intValue() ? "Warning: " : "";
                boolean ours = r.getLoggerName() != null && r.getLoggerName().startsWith(OWN_LOGGERS);
                return prefix + message + System.lineSeparator() + (ours ? stackTrace(r.getThrown()) : "");
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
