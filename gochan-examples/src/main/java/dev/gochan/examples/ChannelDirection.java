package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.SendChan;
import java.io.PrintStream;

/**
 * Guide §7.1, channel direction: a parameter typed as only one side of a channel lets the
 * compiler reject the other side's operations.
 *
 * <p>The guide's Go fragment:
 * <pre>{@code
 * func send(ch chan<- int) {  // Send-only
 *     ch <- 42
 * }
 *
 * func receive(ch <-chan int) {  // Receive-only
 *     val := <-ch
 * }
 * }</pre>
 *
 * <p>Made into a program ({@code receive} prints {@code val}: as written, Go rejects the fragment
 * because {@code val} is never used):
 * <pre>{@code
 * func main() {
 *     ch := make(chan int)
 *     go send(ch)  // a chan int converts to chan<- int ...
 *     receive(ch)  // ... and to <-chan int
 * }
 * }</pre>
 *
 * <p>Output: {@code received 42}.
 *
 * <p>Go's {@code chan<- int} is {@link SendChan}{@code <Integer>} and {@code <-chan int} is
 * {@link RecvChan}{@code <Integer>}; a {@link Chan} is both, so it is passed as is, like Go's
 * implicit conversion. The misuses do not compile, in Go or here:
 * <pre>{@code
 * static void send(SendChan<Integer> ch) {
 *     int v = ch.receive(); // error: cannot find symbol (method receive())
 * }                         // Go: invalid operation: cannot receive from send-only channel ch
 *
 * static void receive(RecvChan<Integer> ch) {
 *     ch.send(42);          // error: cannot find symbol (method send(int))
 *     ch.close();           // error: cannot find symbol (method close())
 * }                         // Go: invalid operation: cannot send to receive-only channel ch
 *                           //     invalid operation: cannot close receive-only channel ch
 * }</pre>
 * ({@code ChannelDirectionTest} compiles these against the library to prove it.) Go's
 * conversion is one way: a {@code <-chan int} never becomes a {@code chan int} again. Here
 * {@code ch.recvOnly()} and {@code ch.sendOnly()} give views that cannot be cast back to the
 * {@code Chan}; return them from functions that own a channel (as {@link Pipeline} does), so
 * callers hold only the side they need.
 */
public final class ChannelDirection {
    private ChannelDirection() {}

    /**
     * Sends 42: Go's {@code func send(ch chan<- int)}. Blocks until a receiver takes it (or the
     * buffer has room).
     *
     * @param ch the channel, send side only
     */
    static void send(SendChan<Integer> ch) { // Send-only
        ch.send(42);
    }

    /**
     * Receives one value and prints it: Go's {@code func receive(ch <-chan int)}. Blocks until a
     * value arrives.
     *
     * @param ch the channel, receive side only
     * @param out where to print
     */
    static void receive(RecvChan<Integer> ch, PrintStream out) { // Receive-only
        int val = ch.receive();
        out.println("received " + val);
    }

    /**
     * Runs the example, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the example. Returns once the value has been received.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        Chan<Integer> ch = Chan.make();
        go(() -> send(ch)); // a Chan is a SendChan ...
        receive(ch, out); // ... and a RecvChan
    }
}
