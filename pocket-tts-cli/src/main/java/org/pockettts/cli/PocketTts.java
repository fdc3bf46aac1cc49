package org.pockettts.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.pockettts.api.PocketTtsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pocket-tts} command: text-to-speech with Kyutai's Pocket TTS on the CPU, with the
 * same commands and options as the Python reference.
 */
@Command(name = "pocket-tts", mixinStandardHelpOptions = true, versionProvider = PocketTts.Version.class,
        description = "Kyutai Pocket TTS - text-to-speech on the CPU, in Java.",
        subcommands = {GenerateCommand.class, TextCommand.class, BatchCommand.class, ExportVoiceCommand.class,
            ServeCommand.class, WyomingCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Environment: HF_HOME, HF_HUB_CACHE, HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE (downloads);"
                + " FIRST_CHUNK_LENGTH_SECONDS, KPOCKET_TTS_ERROR_WITHOUT_EOS (generation). See the README."})
public final class PocketTts implements Callable<Integer> {

    /** Exit code of a failure the user can act on (bad input, missing file, network). */
    static final int FAILED = 1;

    final CliContext context;
    /** What the command is doing, for the message if it runs out of memory. */
    private volatile String activity = "starting";

    PocketTts(CliContext context) {
        this.context = context;
    }

    /** Records what the command is doing now ("loading the model"), for the out-of-memory message. */
    void doing(String activity) {
        this.activity = activity;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(context.err());
        return CommandLine.ExitCode.USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs the command line in {@code context}; returns the exit code. */
    public static int run(CliContext context, String... args) {
        boolean quiet = false;
        for (String a : args) {
            quiet |= a.equals("-q") || a.equals("--quiet");
        }
        Logging.configure(context.err(), quiet);
        PocketTts root = new PocketTts(context);
        CommandLine cli = new CommandLine(root);
        // As the reference's command line: a repeated option takes its last value.
        cli.setOverwrittenOptionsAllowed(true);
        cli.setOut(new java.io.PrintWriter(context.out(), true));
        cli.setErr(new java.io.PrintWriter(context.err(), true));
        cli.setParameterExceptionHandler((e, params) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("Error: " + e.getMessage() + " (see '" + failed.getCommandSpec().qualifiedName()
                    + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> fail(root, e));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            return fail(root, e);
        }
    }

    /** Prints the one line of a failure; the stack trace too when POCKET_TTS_DEBUG is set. */
    private static int fail(PocketTts root, Throwable e) {
        java.io.PrintStream err = root.context.err();
        OutOfMemoryError oom = OutOfMemory.cause(e);
        err.println("Error: " + (oom != null ? OutOfMemory.message(root.activity, Runtime.getRuntime().maxMemory())
                : message(e)));
        if (root.context.flag("POCKET_TTS_DEBUG")) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /** One line saying what went wrong: our own messages as they are, others with their type. */
    static String message(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            e = u.getCause();
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "file not found: " + n.getFile();
        }
        if (e instanceof PocketTtsException || e instanceof IOException) {
            String m = e.getMessage();
            return m == null ? e.toString() : m.replace('\n', ' ');
        }
        return e + " (unexpected; set POCKET_TTS_DEBUG=1 for details and please report it)";
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PocketTts.class.getPackage().getImplementationVersion();
            return new String[] {"pocket-tts " + (v != null ? v : "(development build)"),
                "Java " + Runtime.version() + ", " + System.getProperty("os.arch")};
        }
    }
}
