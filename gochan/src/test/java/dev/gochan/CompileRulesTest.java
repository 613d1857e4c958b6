package dev.gochan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEMANTICS.md area COMPILE: Go's directional channel types (test/chan/perm.go, an errorcheck
 * test) become Java static types: {@link SendChan} and {@link RecvChan} views of a {@link Chan}.
 *
 * <p>Each rule is proved with the JDK compiler, run in-process: a small source file using the
 * gochan API is compiled against the classes under test. (The compiler is reached through
 * {@code java.util.spi.ToolProvider}, which lives in {@code java.base}: the test sources are
 * compiled as a patch of module {@code dev.gochan}, which does not read {@code java.compiler},
 * so {@code javax.tools} is not visible to them. javac's raw diagnostics, one line each with a
 * stable key, replace the {@code Diagnostic} objects.)
 *
 * <p>A template that compiles cleanly is the baseline; each forbidden use is the template plus
 * one statement, which must produce exactly one error, on that statement's line, naming the
 * operation. So a snippet cannot "fail to compile" for an unrelated reason and pass by accident.
 *
 * <p>Where Go's rule is about conversions, the runtime half is checked too: a view cannot be cast
 * back to a {@code Chan} or to the other direction ({@link ClassCastException}).
 */
@Timeout(120)
class CompileRulesTest {
    private static ToolProvider javac;
    private static String classPath;

    @TempDir
    static Path out;

    @BeforeAll
    static void findCompilerAndClasses() throws URISyntaxException {
        javac = ToolProvider.findFirst("javac").orElseThrow(
                () -> new AssertionError("the tests run on a JDK, which has a Java compiler"));
        // The classes under test (target/classes): where Chan was loaded from.
        classPath = Path.of(Chan.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Declarations every snippet may use. */
    private static final String HEADER = """
            import dev.gochan.*;
            import java.util.*;
            import java.util.function.*;
            class Snippet {
                static void use(Object o) {}
                void body() {
                    Chan<Integer> ch = Chan.make(1);
                    SendChan<Integer> s = ch.sendOnly();
                    RecvChan<Integer> r = ch.recvOnly();
            """;
    private static final String FOOTER = """
                }
            }
            """;
    /** The line number (1-based) of the first statement after the header. */
    private static final int FIRST_LINE = (int) HEADER.lines().count() + 1;

    /** One compiler error, as javac's raw diagnostics print it: line, key and arguments. */
    private record Error(long line, String text) {}

    private record Result(int exitCode, List<Error> errors, String output) {
        boolean success() {
            return exitCode == 0;
        }
    }

    private static final Pattern RAW_ERROR = Pattern.compile("^Snippet\\.java:(\\d+):\\d+: (compiler\\.err\\..*)$");

    private static Result compile(String statements) {
        try {
            Path dir = Files.createTempDirectory(out, "snippet");
            Path file = dir.resolve("Snippet.java");
            Files.writeString(file, HEADER + statements + "\n" + FOOTER);
            StringWriter text = new StringWriter();
            PrintWriter pw = new PrintWriter(text);
            // -XDrawDiagnostics: one line per diagnostic, "file:line:col: key: args", stable to parse
            int exit = javac.run(pw, pw, "-XDrawDiagnostics", "-nowarn", "-Xlint:none", "-proc:none",
                    "--release", "21", "-classpath", classPath, "-d", dir.toString(), file.toString());
            pw.flush();
            List<Error> errors = new ArrayList<>();
            for (String line : text.toString().split("\\R")) {
                Matcher m = RAW_ERROR.matcher(line);
                if (m.matches()) {
                    errors.add(new Error(Long.parseLong(m.group(1)), m.group(2)));
                }
            }
            return new Result(exit, errors, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertCompiles(String statements) {
        Result r = compile(statements);
        assertThat(r.success()).as("should compile:\n%s\njavac said:\n%s", statements, r.output()).isTrue();
    }

    /**
     * Asserts that {@code forbidden} (one line) does not compile: the template plus
     * {@code forbidden} yields exactly one error, on its line, whose raw diagnostic (key and
     * arguments) contains {@code mentions}.
     */
    private static void assertRejected(String forbidden, String mentions) {
        assertThat(forbidden).doesNotContain("\n");
        Result r = compile(forbidden);
        assertThat(r.success()).as("should not compile: %s", forbidden).isFalse();
        assertThat(r.errors()).as("errors of %s:\n%s", forbidden, r.output()).hasSize(1);
        Error e = r.errors().get(0);
        assertThat(e.line()).as("error line of %s: %s", forbidden, r.output()).isEqualTo(FIRST_LINE);
        assertThat(e.text()).as("error of %s", forbidden).contains(mentions);
    }

    /** Asserts that {@code forbidden} fails with "cannot find symbol: method {@code method}". */
    private static void assertNoSuchMethod(String forbidden, String method) {
        assertRejected(forbidden, "compiler.err.cant.resolve.location.args: kindname.method, " + method + ",");
    }

    /** Asserts that {@code forbidden} fails with "incompatible types: A cannot be converted to B". */
    private static void assertNotConvertible(String forbidden, String from, String to) {
        assertRejected(forbidden, "compiler.err.prob.found.req: (compiler.misc.inconvertible.types: "
                + "dev.gochan." + from + "<java.lang.Integer>, dev.gochan." + to + "<java.lang.Integer>)");
    }

    @Test
    void theTemplateAndEveryAllowedUseCompile() {
        assertCompiles("");
        assertCompiles("""
                ch.send(1); s.send(2); s.trySend(3); use(s.len()); use(s.cap());
                Integer v = ch.receive(); Integer w = r.receive(); use(r.receiveOk()); use(r.tryReceive());
                for (Integer x : r) { use(x); }
                for (Integer x : ch) { use(x); }
                use(r.stream());
                use(Select.select(r.onReceive(), s.onSend(4), ch.onSend(5), ch.onReceive()));
                s.close(); ch.close();
                """);
    }

    @Test
    void rule_COMPILE_01_bidirectionalChannelIsAssignableToBothDirections() {
        assertCompiles("""
                SendChan<Integer> s1 = ch;
                RecvChan<Integer> r1 = ch;
                SendChan<Integer> s2 = ch.sendOnly();
                RecvChan<Integer> r2 = ch.recvOnly();
                SendChan<? super Integer> s3 = Chan.<Number>make();
                RecvChan<? extends Number> r3 = ch;
                use(s1); use(r1); use(s2); use(r2); use(s3); use(r3);
                """);
        // and at runtime a Chan is both
        Chan<Integer> ch = Chan.make();
        SendChan<Integer> s = ch;
        RecvChan<Integer> r = ch;
        assertThat(s).isSameAs(r);
    }

    @Test
    void rule_COMPILE_02_directionalViewsAreNotAssignableToChanNorToEachOther() {
        assertNotConvertible("Chan<Integer> c1 = r;", "RecvChan", "Chan");
        assertNotConvertible("Chan<Integer> c1 = s;", "SendChan", "Chan");
        assertNotConvertible("SendChan<Integer> s1 = r;", "RecvChan", "SendChan");
        assertNotConvertible("RecvChan<Integer> r1 = s;", "SendChan", "RecvChan");
        assertNotConvertible("Chan<Integer> c1 = ch.recvOnly();", "RecvChan", "Chan");
        assertNotConvertible("Chan<Integer> c1 = ch.sendOnly();", "SendChan", "Chan");
    }

    /** The runtime half of RULE-COMPILE-02: an explicit cast compiles, but a view is not a Chan. */
    @Test
    @SuppressWarnings("unchecked")
    void rule_COMPILE_02_aViewCannotBeCastBack() {
        Chan<Integer> ch = Chan.make(1);
        Object recvView = ch.recvOnly();
        Object sendView = ch.sendOnly();
        assertThatThrownBy(() -> use((Chan<Integer>) recvView)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> use((Chan<Integer>) sendView)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> use((SendChan<Integer>) recvView)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> use((RecvChan<Integer>) sendView)).isInstanceOf(ClassCastException.class);
        assertThat(recvView).isNotInstanceOf(Chan.class).isNotInstanceOf(SendChan.class);
        assertThat(sendView).isNotInstanceOf(Chan.class).isNotInstanceOf(RecvChan.class);
        // the same holds for the nil channel's views, and a view of a view is still one-way
        assertThat(Chan.nil().recvOnly()).isNotInstanceOf(Chan.class).isNotInstanceOf(SendChan.class);
        assertThat(Chan.nil().sendOnly()).isNotInstanceOf(Chan.class).isNotInstanceOf(RecvChan.class);
        // and the cast written in source compiles (it is a legal downcast), failing only when run
        assertCompiles("Chan<Integer> back = (Chan<Integer>) r; use(back);");
    }

    private static void use(Object o) {
        assertThat(o).isNotNull();
    }

    @Test
    void rule_COMPILE_03_sendOnReceiveOnlyAndReceiveOnSendOnlyDoNotCompile() {
        assertNoSuchMethod("r.send(1);", "send");
        assertNoSuchMethod("r.trySend(1);", "trySend");
        assertNoSuchMethod("r.trySend(1, java.time.Duration.ZERO);", "trySend");
        assertNoSuchMethod("Integer v = s.receive();", "receive");
        assertNoSuchMethod("use(s.receiveOk());", "receiveOk");
        assertNoSuchMethod("use(s.tryReceive());", "tryReceive");
        assertNoSuchMethod("use(s.tryReceive(java.time.Duration.ZERO));", "tryReceive");
        // timer channels are receive-only too
        assertNoSuchMethod("dev.gochan.time.Time.after(java.time.Duration.ZERO).send(null);", "send");
    }

    @Test
    void rule_COMPILE_04_selectCasesRespectDirection() {
        assertNoSuchMethod("use(r.onSend(0));", "onSend");
        assertNoSuchMethod("use(r.onSend(0, () -> 1));", "onSend");
        assertNoSuchMethod("use(r.onSendDo(0, () -> {}));", "onSendDo");
        assertNoSuchMethod("use(s.onReceive());", "onReceive");
        assertNoSuchMethod("use(s.onReceive(x -> x));", "onReceive");
        assertNoSuchMethod("use(s.onReceiveOk(x -> x));", "onReceiveOk");
        assertNoSuchMethod("use(s.onReceiveDo(x -> {}));", "onReceiveDo");
        assertNoSuchMethod("Select.run(s.onReceive());", "onReceive");
    }

    @Test
    void rule_COMPILE_05_rangeOverSendOnlyChannelDoesNotCompile() {
        assertRejected("for (Integer x : s) { use(x); }",
                "compiler.err.foreach.not.applicable.to.type: dev.gochan.SendChan<java.lang.Integer>");
        assertNoSuchMethod("use(s.iterator());", "iterator");
        assertNoSuchMethod("use(s.stream());", "stream");
    }

    @Test
    void rule_COMPILE_06_closeOfReceiveOnlyChannelDoesNotCompile() {
        assertNoSuchMethod("r.close();", "close");
        assertNoSuchMethod("dev.gochan.time.Time.tick(java.time.Duration.ofSeconds(1)).close();", "close");
        assertCompiles("s.close();");
        assertCompiles("ch.close();");
        // try-with-resources would be a hidden close: a RecvChan is not AutoCloseable
        assertRejected("try (RecvChan<Integer> r2 = ch.recvOnly()) { use(r2); }",
                "compiler.misc.try.not.applicable.to.type");
    }
}
