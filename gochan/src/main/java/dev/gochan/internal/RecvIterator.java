package dev.gochan.internal;

import dev.gochan.RecvChan;
import dev.gochan.Received;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Go's {@code for v := range ch} as a Java iterator: {@code hasNext()} receives ahead and blocks
 * until a value arrives or the channel is closed and drained. A value received ahead is kept
 * until {@code next()} returns it, so nothing is lost between the two calls.
 *
 * @param <T> the element type
 */
public final class RecvIterator<T> implements Iterator<T> {
    private final RecvChan<T> ch;
    private T ahead;
    private boolean hasAhead;
    private boolean done;

    /** An iterator that receives from {@code ch}. */
    public RecvIterator(RecvChan<T> ch) {
        this.ch = ch;
    }

    @Override
    public boolean hasNext() {
        if (hasAhead) {
            return true;
        }
        if (done) {
            return false;
        }
        Received<T> r = ch.receiveOk();
        if (!r.ok()) {
            done = true;
            return false;
        }
        ahead = r.value();
        hasAhead = true;
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("range: channel closed and drained");
        }
        T v = ahead;
        ahead = null;
        hasAhead = false;
        return v;
    }
}
