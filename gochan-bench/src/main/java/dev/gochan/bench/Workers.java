package dev.gochan.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the goroutines of one benchmark invocation: every task on its own virtual thread, whatever
 * the contender, so that all contenders pay the same start and join costs and run on the same
 * scheduler. The calling (JMH) thread only starts and joins them; it never touches a channel.
 *
 * <p>A task that throws fails the invocation: the first failure is rethrown by {@link #run}
 * after every task has ended, so a contender that loses or duplicates a message cannot report a
 * number.
 */
final class Workers {
    private Workers() {}

    /** The body of one goroutine; may throw (the JDK queues and Jox throw InterruptedException). */
    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    /**
     * Starts every task on a new virtual thread and waits for all of them.
     *
     * @param tasks the goroutines of one invocation
     * @throws Exception the first failure of a task, after all tasks have ended
     */
    static void run(Task... tasks) throws Exception {
        List<Thread> threads = new ArrayList<>(tasks.length);
        Throwable[] failures = new Throwable[tasks.length];
        for (int i = 0; i < tasks.length; i++) {
            int slot = i;
            Task task = tasks[i];
            threads.add(Thread.ofVirtual().name("bench-" + i).start(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    failures[slot] = t; // published to the joiner by Thread.join
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Throwable f : failures) {
            if (f instanceof Exception e) {
                throw e;
            }
            if (f instanceof Error e) {
                throw e;
            }
        }
    }

    /**
     * Fails unless the consumers together received exactly the values 0..n-1 once each (as far as
     * a sum can tell: the sum of 0..n-1 with exactly {@code n} receives counted by the loops).
     *
     * @param n how many values were sent
     * @param partialSums what each consumer added up
     */
    static void checkSum(long n, long... partialSums) {
        long total = 0;
        for (long s : partialSums) {
            total += s;
        }
        long expected = n * (n - 1) / 2;
        if (total != expected) {
            throw new IllegalStateException("received sum " + total + ", expected " + expected);
        }
    }
}
