package org.pockettts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.VoiceExistsException;
import org.pockettts.util.AtomicFiles;

/**
 * A folder of saved voices shared by the server, the Wyoming server and the command line: each voice
 * is a voice file ({@link Voice#save}, read back by {@link TtsModel#voice(Path)}) named
 * {@code NAME.safetensors}, NAME being 1 to 64 of {@code A-Z a-z 0-9 _ -}.
 *
 * <p>Only such files count: hidden files (the temporary files of a save in progress or interrupted),
 * other names, folders and symbolic links are ignored — a link could point anywhere, and nothing
 * is ever read or written outside the folder through a name. A voice is saved whole or not at all:
 * it is written to a hidden temporary file in the folder, flushed to disk, and then given its name
 * in one step that fails if the name is taken, so two saves of one name never overwrite each other.
 * Safe to use from several threads and processes at once.
 */
public final class SavedVoices {

    /** The rule for names: what a URL path segment and a file name on every system can carry as is. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String EXTENSION = ".safetensors";

    private final Path folder;

    public SavedVoices(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /**
     * The folder used when none is given: {@code $XDG_DATA_HOME/pocket-tts/voices} when
     * {@code XDG_DATA_HOME} is an absolute path (the XDG rule ignores relative ones), else
     * {@code ~/.local/share/pocket-tts/voices}.
     */
    public static Path defaultFolder() {
        String dataHome = System.getenv("XDG_DATA_HOME");
        Path base = dataHome != null && !dataHome.isBlank() && Path.of(dataHome).isAbsolute()
                ? Path.of(dataHome)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("pocket-tts").resolve("voices");
    }

    /** The folder, absolute. */
    public Path folder() {
        return folder;
    }

    /** Whether {@code name} follows the rule for names, {@code [A-Za-z0-9_-]{1,64}}. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * The names of the saved voices, sorted; empty when the folder does not exist.
     *
     * @throws UncheckedIOException when the folder cannot be read
     */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(EXTENSION)) {
                    String name = fileName.substring(0, fileName.length() - EXTENSION.length());
                    if (isValidName(name) && isPlainFile(file)) {
                        names.add(name);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the voices folder " + folder + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    /** The saved voice file of {@code name}, if there is one (an invalid name has none). */
    public Optional<Path> file(String name) {
        if (!isValidName(name)) {
            return Optional.empty();
        }
        Path file = fileOf(name);
        return isPlainFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Saves {@code voice} as {@code name}, creating the folder if needed.
     *
     * @throws InvalidInputException when the name breaks the rule
     * @throws VoiceExistsException when a voice (or any other entry) of that name is there already
     * @throws IOException when the folder cannot be written; nothing is left behind
     */
    public void save(String name, Voice voice) throws IOException {
        if (!isValidName(name)) {
            throw new InvalidInputException(invalidName(name));
        }
        Files.createDirectories(folder);
        Path target = fileOf(name);
        Path part = AtomicFiles.createSibling(target, ".part");
        try {
            voice.save(part);
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            name(part, target, name);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * Deletes the saved voice {@code name}.
     *
     * @return whether there was one (an invalid name, or an entry that is no plain file, is none)
     */
    public boolean delete(String name) throws IOException {
        Optional<Path> file = file(name);
        return file.isPresent() && Files.deleteIfExists(file.get());
    }

    /** The message for a name that breaks the rule (quoting at most its start). */
    public static String invalidName(String name) {
        String shown = name == null ? "" : name.length() > 80 ? name.substring(0, 80) + "…" : name;
        return "Invalid voice name \"" + shown + "\": a name is 1 to 64 letters (A-Z, a-z), digits, '_' or '-'";
    }

    /**
     * Gives the written file {@code part} its name. A hard link is made and fails when the name is
     * taken, which a rename would not (it replaces); where links are not supported, the check and the
     * rename are one step for this process only.
     */
    private static void name(Path part, Path target, String name) throws IOException {
        try {
            Files.createLink(target, part);
        } catch (FileAlreadyExistsException e) {
            throw exists(name);
        } catch (UnsupportedOperationException | FileSystemException e) {
            synchronized (SavedVoices.class) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw exists(name);
                }
                try {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(part, target);
                }
            }
        }
    }

    private static VoiceExistsException exists(String name) {
        return new VoiceExistsException(name, "A voice named " + name + " exists already: delete it first, or"
                + " choose another name");
    }

    private Path fileOf(String name) {
        return folder.resolve(name + EXTENSION);
    }

    private static boolean isPlainFile(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
        } catch (IOException e) {
            return false;
        }
    }
}
