package dev.gochan.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every inline {@code @snippet} of this package's Javadoc compiles: it is found, verbatim up to
 * whitespace, in {@link PatternsSnippets}, which javac compiles with the tests. (Inline
 * snippets, because the build has no snippet path for javadoc.)
 */
class SnippetsTest {
    private static final Path MAIN = Path.of("src/main/java/dev/gochan/pattern");
    private static final Path SNIPPETS = Path.of("src/test/java/dev/gochan/pattern/PatternsSnippets.java");

    @Test
    void everyJavadocSnippetIsCompiledCode() throws IOException {
        String compiled = normalize(Files.readString(SNIPPETS));
        List<String> snippets = new ArrayList<>();
        try (Stream<Path> files = Files.list(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                for (String s : snippets(Files.readString(f))) {
                    snippets.add(s);
                    assertThat(compiled).as("snippet of %s not in PatternsSnippets.java:%n%s", f.getFileName(), s)
                            .contains(normalize(s));
                }
            }
        }
        // one per public type (Patterns, WorkerPool and their three nested interfaces) and one
        // per public method of the two classes
        long methods = Stream.concat(Arrays.stream(Patterns.class.getDeclaredMethods()),
                        Arrays.stream(WorkerPool.class.getDeclaredMethods()))
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.getName().equals("toString"))
                .count();
        assertThat(snippets).hasSize(5 + (int) methods);
    }

    @Test
    @Timeout(30)
    void theClassSnippetsRun() {
        // the runnable ones: each must end on its own (no goroutine waits forever for them)
        PatternsSnippets.pipeline();
        PatternsSnippets.generateValues();
        PatternsSnippets.generateValuesDone();
        PatternsSnippets.fibonacci();
        PatternsSnippets.take();
        PatternsSnippets.workerPool();
    }

    /** The bodies of the inline snippets of a source file, without the comment's stars. */
    static List<String> snippets(String source) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\{@snippet :").matcher(source);
        while (m.find()) {
            int depth = 1;
            int i = m.end();
            while (depth > 0) {
                char c = source.charAt(i++);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
            }
            String body = source.substring(m.end(), i - 1);
            StringBuilder sb = new StringBuilder();
            for (String line : body.split("\n")) {
                sb.append(line.replaceFirst("^\\s*\\*( |$)", "")).append('\n');
            }
            out.add(sb.toString().strip());
        }
        return out;
    }

    static String normalize(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
