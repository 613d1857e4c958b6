package dev.gochan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.SendChan;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guide §7.1: the example's output, and the compile-time check itself: code that receives from a
 * {@link SendChan} or sends on (or closes) a {@link RecvChan} is compiled against the library
 * with the system Java compiler and must be rejected, while the right use compiles.
 */
@Timeout(60)
class ChannelDirectionTest {
    @TempDir
    Path classes;

    @Test
    void printsTheValueSent() {
        assertThat(Output.of(ChannelDirection::run).text()).isEqualTo("received 42\n");
    }

    @Test
    void theRightUseCompiles() {
        // The control: if this failed, the misuse tests below could pass for the wrong reason.
        List<Diagnostic<? extends JavaFileObject>> errors = compile("""
                static void send(SendChan<Integer> ch) { ch.send(42); ch.close(); }
                static int receive(RecvChan<Integer> ch) { return ch.receive(); }
                static void both(Chan<Integer> ch) { send(ch); receive(ch); send(ch.sendOnly()); receive(ch.recvOnly()); }
                """);
        assertThat(errors).isEmpty();
    }

    @Test
    void receivingFromASendChanDoesNotCompile() {
        assertRejected("static void send(SendChan<Integer> ch) { int v = ch.receive(); }", "method receive()");
        assertRejected("static void send(SendChan<Integer> ch) { for (int v : ch) { } }", "for-each not applicable");
        assertRejected("static Object send(SendChan<Integer> ch) { return ch.onReceive(); }", "method onReceive()");
    }

    @Test
    void sendingOnOrClosingARecvChanDoesNotCompile() {
        assertRejected("static void receive(RecvChan<Integer> ch) { ch.send(42); }", "method send(int)");
        assertRejected("static void receive(RecvChan<Integer> ch) { ch.close(); }", "method close()");
        assertRejected("static Object receive(RecvChan<Integer> ch) { return ch.onSend(42); }", "method onSend(int)");
    }

    @Test
    void aViewCannotBeCastBackToTheChannel() {
        Chan<Integer> ch = Chan.make();
        assertThat(ch.recvOnly()).isNotInstanceOf(SendChan.class).isNotInstanceOf(Chan.class);
        assertThat(ch.sendOnly()).isNotInstanceOf(RecvChan.class).isNotInstanceOf(Chan.class);
    }

    /** Compiles {@code method} and checks that javac rejects it, with a message containing {@code expected}. */
    private void assertRejected(String method, String expected) {
        List<String> errors = compile(method).stream()
                .map(d -> d.getMessage(Locale.ROOT).replaceAll("\\s+", " "))
                .toList();
        assertThat(errors).as("compiler errors for: %s", method).hasSize(1);
        assertThat(errors.get(0)).contains(expected);
    }

    /** Compiles {@code members} as the body of a class that imports dev.gochan; returns the errors. */
    private List<Diagnostic<? extends JavaFileObject>> compile(String members) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK with javac").isNotNull();
        String source = "import dev.gochan.*;\nclass Use {\n" + members + "\n}\n";
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Use.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-classpath", gochanClassPath(), "-d", classes.toString(), "-proc:none");
        boolean ok = javac.getTask(null, null, diagnostics, options, null, List.of(file)).call();
        List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .toList();
        assertThat(ok).as("compiled without errors: %s", errors.stream()
                .map(d -> d.getMessage(Locale.ROOT)).toList()).isEqualTo(errors.isEmpty());
        return errors;
    }

    /**
     * Where the gochan classes were loaded from (target/classes or the jar). Not
     * {@code java.class.path}: surefire may run tests from a manifest-only jar.
     */
    private static String gochanClassPath() {
        try {
            return new File(Chan.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
