package dev.gochan.pattern;

import static dev.gochan.Go.go;

import dev.gochan.Chan;
import dev.gochan.ClosedChanException;
import dev.gochan.GoInterruptedException;
import dev.gochan.RecvChan;
import dev.gochan.Received;
import dev.gochan.context.Context;
import dev.gochan.context.ContextException;
import dev.gochan.sync.ErrGroup;
import java.util.Objects;

/**
 * A fixed number of worker goroutines that take jobs from a bounded queue and send their results
 * on a channel: the guide's §4.4 worker pool, with errors and cancellation through an
 * {@link ErrGroup}.
 *
 * {@snippet :
 * try (var ctx = Context.withCancel(Context.background())) {
 *     WorkerPool<Integer, Integer> pool = WorkerPool.start(ctx, 3, 5, job -> job * 2);
 *     go(() -> {
 *         for (int j = 1; j <= 5; j++) {
 *             pool.submit(j); // blocks while the queue is full
 *         }
 *         pool.closeJobs(); // Go's close(jobs)
 *     });
 *     for (int result : pool.results()) { // closed when every worker has finished
 *         System.out.println(result);
 *     }
 *     Exception err = pool.await(); // the first job's error, or null
 *     if (err != null) {
 *         System.out.println("failed: " + err);
 *     }
 * }
 * }
 *
 * <h2>Life cycle</h2>
 * {@link #start} starts the workers at once. Each takes jobs from the queue in FIFO order, calls
 * the worker function and sends its result on {@link #results()} (buffered like the queue). The
 * producer calls {@link #submit} for each job, then {@link #closeJobs()}; the workers finish the
 * queued jobs and end, and then the results channel is closed. Read the results until it is
 * closed (a worker whose result nobody takes waits for a reader, as in Go), then call
 * {@link #await()}.
 *
 * <h2>Errors and cancellation</h2>
 * The pool runs its workers in an {@link ErrGroup#withContext error group} derived from the given
 * context: the pool's {@link #context()}. The first job that throws cancels it, with the
 * exception as its {@link Context#cause cause}: the other workers stop at their next blocking
 * step (a job already running is not interrupted: give it the pool's context), queued jobs are
 * dropped, {@link #submit} throws, and the results channel is closed. {@link #await()} reports
 * that first exception. Canceling the given context stops the pool the same way, and then
 * {@code await} reports the context's error, unless a job failed first. Either way no goroutine
 * of the pool is left behind. As in {@link ErrGroup}, an {@link Error} thrown by a job is a panic,
 * not an error value: it goes to {@link dev.gochan.Go#setPanicHandler the panic handler}, ends
 * that worker, and does not stop the others.
 *
 * <h2>Go equivalent</h2>
 * <pre>{@code
 * g, ctx := errgroup.WithContext(ctx)
 * jobs, results := make(chan J, queue), make(chan R, queue)
 * for w := 0; w < workers; w++ {
 *     g.Go(func() error {
 *         for { select { case j, ok := <-jobs: ...; case <-ctx.Done(): ... } }
 *     })
 * }
 * go func() { g.Wait(); close(results) }()
 * }</pre>
 *
 * @param <J> the job type
 * @param <R> the result type
 */
public final class WorkerPool<J, R> {
    /**
     * What a worker does with one job: Go's {@code func(job J) (R, error)}, where throwing is
     * returning an error.
     *
     * {@snippet :
     * WorkerPool.Worker<Path, Long> size = file -> Files.size(file); // may throw IOException
     * }
     *
     * @param <J> the job type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface Worker<J, R> {
        /**
         * Processes one job.
         *
         * @param job the job
         * @return the result, sent on the pool's results channel ({@code null} allowed)
         * @throws Exception the job's error: it stops the pool and is reported by
         *     {@link WorkerPool#await()}
         */
        R work(J job) throws Exception;
    }

    private final Context parent;
    private final ErrGroup group;
    private final Chan<J> jobs;
    private final Chan<R> results;
    /** The error of the context when a worker gave up because of it (no job failed). */
    private volatile ContextException stoppedBy;
    /** Set by closeJobs, so that a later submit reports the misuse rather than the pool's end. */
    private volatile boolean jobsClosed;

    private WorkerPool(Context parent, int queue) {
        this.parent = parent;
        this.group = ErrGroup.withContext(parent);
        this.jobs = Chan.make(queue);
        this.results = Chan.make(queue);
    }

    /**
     * Starts a pool of {@code workers} goroutines that apply {@code worker} to the jobs. Never
     * blocks.
     *
     * {@snippet :
     * WorkerPool<String, Integer> pool = WorkerPool.start(ctx, 4, 100, line -> line.length());
     * }
     *
     * @param ctx the parent of the pool's context: canceling it stops the pool
     * @param workers the number of worker goroutines, 1 or more
     * @param queueSize the capacity of the job queue and of the results channel, 0 or more (0:
     *     unbuffered, each {@code submit} waits for a worker)
     * @param worker what to do with each job
     * @param <J> the job type
     * @param <R> the result type
     * @return the running pool
     * @throws NullPointerException if {@code ctx} or {@code worker} is null
     * @throws IllegalArgumentException if {@code workers < 1} or {@code queueSize < 0}
     */
    public static <J, R> WorkerPool<J, R> start(Context ctx, int workers, int queueSize,
            Worker<? super J, ? extends R> worker) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(worker, "worker");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be 1 or more, was " + workers);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("queueSize must be 0 or more, was " + queueSize);
        }
        WorkerPool<J, R> pool = new WorkerPool<>(ctx, queueSize);
        for (int i = 0; i < workers; i++) {
            pool.group.go(() -> pool.runWorker(worker));
        }
        go(() -> { // Go's go func() { g.Wait(); close(results) }()
            pool.group.await();
            pool.results.close();
        });
        return pool;
    }

    /**
     * Queues a job, blocking while the queue is full: Go's
     * {@code select { case jobs <- j: case <-ctx.Done(): return ctx.Err() }}.
     *
     * {@snippet :
     * for (String line : lines) {
     *     pool.submit(line);
     * }
     * pool.closeJobs();
     * }
     *
     * @param job the job ({@code null} allowed)
     * @throws ContextException if the pool's context is done, before or while blocked (a job
     *     failed: see {@link #await()} for its error; or the given context was canceled); the job
     *     was not queued
     * @throws ClosedChanException after {@link #closeJobs()} ("send on closed channel")
     * @throws GoInterruptedException if interrupted while blocked (the job was not queued)
     */
    public void submit(J job) {
        if (jobsClosed) {
            jobs.trySend(job); // throws "send on closed channel": misuse wins over a stopped pool
        }
        group.context().send(jobs, job);
    }

    /**
     * Says that no more jobs will come: Go's {@code close(jobs)}. The workers finish the queued
     * jobs and end; then the results channel is closed. Never blocks.
     *
     * {@snippet :
     * pool.closeJobs();
     * }
     *
     * @throws ClosedChanException if called twice ("close of closed channel")
     */
    public void closeJobs() {
        jobs.close();
        jobsClosed = true;
    }

    /**
     * The results, in completion order; closed once every worker has ended (the jobs are closed
     * and done, or the pool was stopped).
     *
     * {@snippet :
     * for (int length : pool.results()) {
     *     total += length;
     * }
     * }
     *
     * @return the results channel, receive-only
     */
    public RecvChan<R> results() {
        return results.recvOnly();
    }

    /**
     * The pool's context, derived from the one given to {@link #start}: canceled when a job
     * fails (its cause is then the job's exception) and, as with {@link ErrGroup}, once
     * {@link #await()} returns. Pass it to blocking calls inside the worker function so that a
     * failure elsewhere stops them too.
     *
     * {@snippet :
     * WorkerPool<String, String> fetcher = WorkerPool.start(ctx, 4, 16, url -> fetch(url));
     * Context poolCtx = fetcher.context();
     * }
     *
     * @return the pool's context
     */
    public Context context() {
        return group.context();
    }

    /**
     * Waits until every worker has ended and returns the pool's error: Go's {@code g.Wait()}.
     * Read {@link #results()} first (or stop the pool): a worker waits for its result to be
     * taken.
     *
     * {@snippet :
     * Exception err = pool.await();
     * if (err != null) {
     *     throw new IllegalStateException("pool failed", err);
     * }
     * }
     *
     * @return the first exception thrown by a job (with the others as suppressed); else, if the
     *     pool was stopped by the given context before its jobs were closed and done, that
     *     context's error ({@link Context#CANCELED} or {@link Context#DEADLINE_EXCEEDED}); else
     *     null
     * @throws GoInterruptedException if interrupted while waiting (the pool keeps running)
     */
    public Exception await() {
        Exception e = group.await();
        return e != null ? e : stoppedBy;
    }

    /** A worker's loop. Ends when the jobs are closed and drained, or the pool's context is done. */
    private void runWorker(Worker<? super J, ? extends R> worker) throws Exception {
        Context ctx = group.context();
        Flow flow = Flow.of(ctx);
        for (;;) {
            Received<J> r = flow.receive(jobs);
            if (r == null) {
                gaveUp(ctx);
                return;
            }
            if (!r.ok()) {
                return;
            }
            R result = worker.work(r.value()); // throwing fails the group, which cancels ctx
            if (!flow.send(results, result)) {
                gaveUp(ctx);
                return;
            }
        }
    }

    /**
     * Records why a worker stopped early. A job's failure is the group's error anyway; this only
     * matters when the given context was canceled first.
     */
    private void gaveUp(Context ctx) {
        if (stoppedBy == null && parent.err() != null) {
            stoppedBy = parent.err();
        }
        if (stoppedBy == null) {
            stoppedBy = ctx.err();
        }
    }

    @Override
    public String toString() {
        return "WorkerPool[" + group + ", queued=" + jobs.len() + "]";
    }
}
