package dev.gochan.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@link Context#interruptWhenDone()} tie: interrupts {@code thread} when the context is done,
 * until the thread stops it.
 *
 * <h2>States</h2>
 * <pre>
 *   ARMED --cancel (CAS)--> INTERRUPTING --thread.interrupt()--> INTERRUPTED --stop--> CLEARED
 *     |
 *     +--stop (CAS, by the thread)--> STOPPED
 * </pre>
 * The CAS out of ARMED decides whether the interrupt happens. A stop that loses it waits for the
 * (non-blocking, a few instructions away) interrupt to be delivered before clearing the
 * interrupt status: otherwise the interrupt could land after the thread left the tied region.
 */
final class InterruptNode extends Canceler implements StopHandle {
    private static final int ARMED = 0;
    private static final int INTERRUPTING = 1;
    private static final int INTERRUPTED = 2;
    private static final int STOPPED = 3;
    private static final int CLEARED = 4;
    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(InterruptNode.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread thread;
    private volatile int state;

    InterruptNode(Thread thread) {
        this.thread = thread;
    }

    @Override
    Canceler cancelSelf(ContextException err, Throwable cause) {
        if (STATE.compareAndSet(this, ARMED, INTERRUPTING)) {
            thread.interrupt();
            state = INTERRUPTED;
        }
        return null;
    }

    @Override
    public boolean stop() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(
                    "interruptWhenDone: stop must be called by the tied thread " + thread);
        }
        if (STATE.compareAndSet(this, ARMED, STOPPED)) {
            detach();
            return true;
        }
        int spins = 0;
        int s;
        while ((s = state) == INTERRUPTING) {
            if (++spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the interrupter may have lost its carrier between CAS and interrupt
            }
        }
        if (s == INTERRUPTED && STATE.compareAndSet(this, INTERRUPTED, CLEARED)) {
            Thread.interrupted(); // the interrupt was the context's: do not leak it
        }
        return false;
    }

    @Override
    public String toString() {
        return "context.interruptWhenDone(" + thread + ")";
    }
}
