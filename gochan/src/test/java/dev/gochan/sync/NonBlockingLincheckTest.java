package dev.gochan.sync;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model checking of the non-blocking operations (Lincheck explores the interleavings of their
 * CAS steps): the try-operations and unlocks of Mutex, RWMutex and Semaphore are linearizable,
 * including Go's fatal errors on misuse. Blocking operations are covered by the rule tests.
 */
@Timeout(300)
class NonBlockingLincheckTest {
    /** The operations under test, on one instance of each primitive. */
    @Param(name = "n", gen = IntGen.class, conf = "0:3")
    public static class Ops {
        private final Mutex mu = new Mutex();
        private final RWMutex rw = new RWMutex();
        private final Semaphore sem = new Semaphore(3);

        @Operation
        public boolean muTryLock() {
            return mu.tryLock();
        }

        @Operation
        public String muUnlock() {
            return outcome(mu::unlock);
        }

        @Operation
        public boolean rwTryLock() {
            return rw.tryLock();
        }

        @Operation
        public boolean rwTryRLock() {
            return rw.tryRLock();
        }

        @Operation
        public String rwUnlock() {
            return outcome(rw::unlock);
        }

        @Operation
        public String rwRUnlock() {
            return outcome(rw::rUnlock);
        }

        @Operation
        public boolean semTryAcquire(@Param(name = "n") int n) {
            return sem.tryAcquire(n);
        }

        @Operation
        public String semRelease(@Param(name = "n") int n) {
            return outcome(() -> sem.release(n));
        }

        private static String outcome(Runnable op) {
            try {
                op.run();
                return "ok";
            } catch (FatalError | IllegalStateException e) {
                return e.getMessage();
            }
        }
    }

    @Test
    void tryOperationsAndUnlocksAreLinearizable() {
        new ModelCheckingOptions()
                .iterations(20 * Threads.STRESS)
                .invocationsPerIteration(1000)
                .threads(2)
                .actorsPerThread(3)
                .check(Ops.class);
    }
}
