package dev.gochan.context;

import dev.gochan.Go;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An {@link Context#afterFunc} registration: Go's {@code afterFuncCtx}. {@code once} decides,
 * with one CAS, between running {@code f} (the context is done) and {@link #stop()}; whoever wins
 * acts, the loser does nothing. {@code f} always runs in a goroutine of its own, so neither
 * {@code cancel()} nor {@code stop()} ever waits for it.
 */
final class AfterFuncNode extends Canceler implements StopHandle {
    private static final VarHandle ONCE;
    static {
        try {
            ONCE = MethodHandles.lookup().findVarHandle(AfterFuncNode.class, "once", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable f;
    @SuppressWarnings("unused") // accessed through ONCE
    private volatile int once;

    AfterFuncNode(Runnable f) {
        this.f = f;
    }

    @Override
    Canceler cancelSelf(ContextException err, Throwable cause) {
        if (ONCE.compareAndSet(this, 0, 1)) {
            Go.go(f);
        }
        return null;
    }

    @Override
    public boolean stop() {
        if (!ONCE.compareAndSet(this, 0, 1)) {
            return false;
        }
        detach();
        return true;
    }

    @Override
    public String toString() {
        return "context.AfterFunc(" + f + ")";
    }
}
