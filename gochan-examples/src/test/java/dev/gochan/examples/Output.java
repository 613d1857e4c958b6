package dev.gochan.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** What an example printed, captured for a test. */
record Output(String text, long elapsedNanos) {

    /** Runs {@code example} with a capturing stream and returns what it printed and how long it took. */
    static Output of(Consumer<PrintStream> example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long start = System.nanoTime();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.accept(out);
        }
        long elapsed = System.nanoTime() - start;
        return new Output(bytes.toString(StandardCharsets.UTF_8), elapsed);
    }

    /** The printed lines, without their line ends. */
    List<String> lines() {
        return text.lines().toList();
    }

    /** The position of {@code line} in {@link #lines()}; fails the test if it was not printed. */
    int indexOf(String line) {
        int i = lines().indexOf(line);
        if (i < 0) {
            throw new AssertionError("line not printed: \"" + line + "\"; output was:\n" + text);
        }
        return i;
    }
}
