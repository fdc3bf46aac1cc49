package org.pockettts.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.pockettts.batch.OutputNames;
import org.pockettts.formats.AudioFormat;

/**
 * The output folder on a Hadoop file system. An audio file is made on the task's local disk, copied
 * beside its target under a temporary name ({@link OutputNames#temporaryName}) and renamed into
 * place, so that it appears whole or not at all, whichever attempt of a task gets there (a retried or
 * speculative attempt renames the same bytes). The local file system is used without Hadoop's
 * {@code .crc} side files, so that the folder looks as {@code batch} leaves it.
 */
final class HadoopOutput {

    private final FileSystem fs;
    private final Path dir;

    HadoopOutput(Path dir, org.apache.hadoop.conf.Configuration conf) throws IOException {
        FileSystem fileSystem = dir.getFileSystem(conf);
        this.fs = fileSystem instanceof LocalFileSystem local ? local.getRaw() : fileSystem;
        this.dir = fs.makeQualified(dir);
    }

    Path dir() {
        return dir;
    }

    FileSystem fileSystem() {
        return fs;
    }

    /** Whether the audio file {@code name} exists and is complete ({@link OutputNames#isComplete}). */
    boolean isComplete(String name, AudioFormat format) throws IOException {
        Path file = new Path(dir, name);
        FileStatus status;
        try {
            status = fs.getFileStatus(file);
        } catch (FileNotFoundException e) {
            return false;
        }
        if (!status.isFile()) {
            return false;
        }
        byte[] head = new byte[(int) Math.min(OutputNames.HEAD_BYTES, status.getLen())];
        try (FSDataInputStream in = fs.open(file)) {
            in.readFully(head);
        }
        return OutputNames.isComplete(format, status.getLen(), head);
    }

    /** Puts the finished local file {@code local} in place as {@code name}, replacing any file there. */
    void publish(java.nio.file.Path local, String name) throws IOException {
        Path target = new Path(dir, name);
        Path temporary = new Path(dir, OutputNames.temporaryName(name));
        fs.copyFromLocalFile(false, true, new Path(local.toUri()), temporary);
        if (fs.rename(temporary, target)) {
            return;
        }
        // Some file systems (HDFS) do not rename over an existing file.
        fs.delete(target, false);
        if (!fs.rename(temporary, target)) {
            fs.delete(temporary, false);
            throw new IOException("cannot rename " + temporary + " to " + target);
        }
    }

    /** Deletes the temporary files of attempts that died; only when no task of the job is running. */
    void deleteTemporaryFiles() throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            if (s.isFile() && OutputNames.isTemporary(s.getPath().getName())) {
                fs.delete(s.getPath(), false);
            }
        }
    }
}
