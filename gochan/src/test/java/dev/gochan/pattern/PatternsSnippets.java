package dev.gochan.pattern;

import static dev.gochan.Go.go;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.context.Context;
import dev.gochan.time.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The code of every {@code @snippet} in this package's Javadoc, so that javac checks it.
 * {@link SnippetsTest} fails when a Javadoc snippet is not found here, verbatim (up to
 * whitespace). Each method gives one snippet the variables it uses.
 */
@SuppressWarnings("unused") // snippets declare variables to show their types
final class PatternsSnippets {
    private PatternsSnippets() {}

    static String fetch(String url) {
        return "<html>" + url + "</html>";
    }

    // ---- Patterns ----

    static void generatorType(Context ctx) {
        Patterns.Generator<String> lines = out -> {
            out.emit("first");
            out.emit("second");
        };
        RecvChan<String> ch = Patterns.generate(ctx, lines);
    }

    static void emitterType(Context ctx) {
        RecvChan<Integer> squares = Patterns.generate(ctx, out -> {
            try {
                for (int i = 1;; i++) {
                    out.emit(i * i);
                }
            } finally {
                System.out.println("generator stopped"); // runs when ctx is done
            }
        });
    }

    static void pipeline() {
        try (var ctx = Context.withCancel(Context.background())) {
            RecvChan<Integer> numbers = Patterns.generate(ctx, 1, 2, 3, 4, 5);
            RecvChan<Integer> squared = Patterns.map(ctx, numbers, n -> n * n);
            RecvChan<Integer> evens = Patterns.filter(ctx, squared, n -> n % 2 == 0);
            for (int result : evens) {
                System.out.println(result); // 4, 16
            }
        }
    }

    static void generateValues() {
        try (var ctx = Context.withCancel(Context.background())) {
            for (int n : Patterns.generate(ctx, 1, 2, 3)) {
                System.out.println(n);
            }
        }
    }

    static void generateValuesDone() {
        Chan<Void> done = Chan.make();
        try {
            for (int n : Patterns.generate(done, 1, 2, 3)) {
                System.out.println(n);
            }
        } finally {
            done.close();
        }
    }

    static void generateIterable(Context ctx) {
        RecvChan<String> names = Patterns.generate(ctx, List.of("ann", "bob"));
    }

    static void generateIterableDone(RecvChan<Void> done) {
        RecvChan<String> names = Patterns.generate(done, List.of("ann", "bob"));
    }

    static void fibonacci() {
        try (var ctx = Context.withCancel(Context.background())) {
            RecvChan<Integer> fibonacci = Patterns.generate(ctx, out -> {
                int a = 0;
                int b = 1;
                for (;;) {
                    out.emit(a); // throws once ctx is done: the goroutine ends
                    int next = a + b;
                    a = b;
                    b = next;
                }
            });
            for (int n : fibonacci) {
                if (n > 100) {
                    break;
                }
                System.out.println(n);
            }
        } // cancel: the generator stops, nothing leaks
    }

    static void generatorDone(RecvChan<Void> done) {
        RecvChan<Double> random = Patterns.generate(done, out -> {
            for (;;) {
                out.emit(Math.random());
            }
        });
    }

    static void map(Context ctx, RecvChan<Integer> numbers) {
        RecvChan<Integer> squares = Patterns.map(ctx, numbers, n -> n * n);
    }

    static void mapDone(RecvChan<Void> done, RecvChan<Integer> numbers) {
        RecvChan<Integer> squares = Patterns.map(done, numbers, n -> n * n);
    }

    static void filter(Context ctx, RecvChan<Integer> numbers) {
        RecvChan<Integer> evens = Patterns.filter(ctx, numbers, n -> n % 2 == 0);
    }

    static void filterDone(RecvChan<Void> done, RecvChan<Integer> numbers) {
        RecvChan<Integer> evens = Patterns.filter(done, numbers, n -> n % 2 == 0);
    }

    static void mapConcurrent(Context ctx, RecvChan<String> urls) {
        RecvChan<String> pages = Patterns.mapConcurrent(ctx, urls, 8, url -> fetch(url));
    }

    static void mapConcurrentUnordered(Context ctx, RecvChan<Integer> jobs) {
        RecvChan<Integer> doubled = Patterns.mapConcurrentUnordered(ctx, jobs, 3, job -> job * 2);
    }

    static void merge(Context ctx, RecvChan<Integer> results1, RecvChan<Integer> results2,
            RecvChan<Integer> results3) {
        RecvChan<Integer> all = Patterns.merge(ctx, results1, results2, results3);
    }

    static void mergeList(Context ctx, RecvChan<Integer> results1, RecvChan<Integer> results2) {
        RecvChan<Integer> all = Patterns.merge(ctx, List.of(results1, results2));
    }

    static void mergeDone(RecvChan<Void> done, RecvChan<Integer> results1, RecvChan<Integer> results2) {
        RecvChan<Integer> all = Patterns.merge(done, List.of(results1, results2));
    }

    static void fanOut(Context ctx, RecvChan<Integer> jobs) {
        List<RecvChan<Integer>> parts = Patterns.fanOut(ctx, jobs, 3);
        for (int w = 0; w < parts.size(); w++) {
            int id = w + 1;
            RecvChan<Integer> mine = parts.get(w);
            go(() -> {
                for (int job : mine) {
                    System.out.println("Worker " + id + " processing job " + job);
                }
            });
        }
    }

    static void fanOutDone(RecvChan<Void> done, RecvChan<Integer> jobs) {
        List<RecvChan<Integer>> parts = Patterns.fanOut(done, jobs, 3);
    }

    static void tee(Context ctx, RecvChan<Integer> numbers) {
        List<RecvChan<Integer>> copies = Patterns.tee(ctx, numbers, 2);
        RecvChan<Integer> toLog = copies.get(0);
        RecvChan<Integer> toSum = copies.get(1);
    }

    static void teeDone(RecvChan<Void> done, RecvChan<Integer> numbers) {
        List<RecvChan<Integer>> copies = Patterns.tee(done, numbers, 2);
    }

    static void orDone(Context ctx, RecvChan<String> messages) {
        for (String msg : Patterns.orDone(ctx, messages)) {
            System.out.println(msg);
        } // ends when messages is closed or ctx is done
    }

    static void orDoneDone(RecvChan<Void> done, RecvChan<String> messages) {
        for (String msg : Patterns.orDone(done, messages)) {
            System.out.println(msg);
        }
    }

    static void bridge(Context ctx, RecvChan<RecvChan<Integer>> batches) {
        RecvChan<Integer> values = Patterns.bridge(ctx, batches);
    }

    static void bridgeDone(RecvChan<Void> done, RecvChan<RecvChan<Integer>> batches) {
        RecvChan<Integer> values = Patterns.bridge(done, batches);
    }

    static void take() {
        try (var ctx = Context.withCancel(Context.background())) {
            RecvChan<Double> random = Patterns.generate(ctx, out -> {
                for (;;) {
                    out.emit(Math.random());
                }
            });
            for (double r : Patterns.take(ctx, random, 3)) {
                System.out.println(r);
            }
        } // cancel: the generator stops too
    }

    static void takeDone(RecvChan<Void> done, RecvChan<Integer> numbers) {
        RecvChan<Integer> firstTen = Patterns.take(done, numbers, 10);
    }

    static void batch(Context ctx, RecvChan<String> lines) {
        for (List<String> rows : Patterns.batch(ctx, lines, 100, Duration.ofMillis(50))) {
            System.out.println("insert " + rows.size() + " rows");
        }
    }

    static void rateLimit(Context ctx, RecvChan<String> requests) {
        for (String request : Patterns.rateLimit(ctx, requests, Duration.ofMillis(200))) {
            System.out.println("request " + request + " at " + Time.now());
        }
    }

    // ---- WorkerPool ----

    static void workerPool() {
        try (var ctx = Context.withCancel(Context.background())) {
            WorkerPool<Integer, Integer> pool = WorkerPool.start(ctx, 3, 5, job -> job * 2);
            go(() -> {
                for (int j = 1; j <= 5; j++) {
                    pool.submit(j); // blocks while the queue is full
                }
                pool.closeJobs(); // Go's close(jobs)
            });
            for (int result : pool.results()) { // closed when every worker has finished
                System.out.println(result);
            }
            Exception err = pool.await(); // the first job's error, or null
            if (err != null) {
                System.out.println("failed: " + err);
            }
        }
    }

    static void workerType() {
        WorkerPool.Worker<Path, Long> size = file -> Files.size(file); // may throw IOException
    }

    static void poolCloseJobs(WorkerPool<String, Integer> pool) {
        pool.closeJobs();
    }

    static void poolStart(Context ctx) {
        WorkerPool<String, Integer> pool = WorkerPool.start(ctx, 4, 100, line -> line.length());
    }

    static void poolSubmit(WorkerPool<String, Integer> pool, List<String> lines) {
        for (String line : lines) {
            pool.submit(line);
        }
        pool.closeJobs();
    }

    static int poolResults(WorkerPool<String, Integer> pool) {
        int total = 0;
        for (int length : pool.results()) {
            total += length;
        }
        return total;
    }

    static void poolContext(Context ctx) {
        WorkerPool<String, String> fetcher = WorkerPool.start(ctx, 4, 16, url -> fetch(url));
        Context poolCtx = fetcher.context();
    }

    static void poolAwait(WorkerPool<String, Integer> pool) {
        Exception err = pool.await();
        if (err != null) {
            throw new IllegalStateException("pool failed", err);
        }
    }
}
