/**
 * Go's {@code sync} package, {@code x/sync/errgroup} and {@code x/sync/semaphore}, for
 * goroutines on virtual threads.
 *
 * <table>
 *   <caption>Go names and their gochan counterparts</caption>
 *   <tr><th>Go</th><th>gochan</th></tr>
 *   <tr><td>{@code var wg sync.WaitGroup}; {@code Add}, {@code Done}, {@code Wait}, {@code Go}</td>
 *       <td>{@link dev.gochan.sync.WaitGroup}: {@code add}, {@code done}, {@code await},
 *       {@code go}</td></tr>
 *   <tr><td>{@code sync.Mutex}: {@code Lock}, {@code Unlock}, {@code TryLock}</td>
 *       <td>{@link dev.gochan.sync.Mutex}: {@code lock}, {@code unlock}, {@code tryLock},
 *       plus {@code withLock}</td></tr>
 *   <tr><td>{@code sync.RWMutex}: {@code RLock}, {@code RUnlock}, {@code TryRLock},
 *       {@code RLocker}, and the Mutex methods</td>
 *       <td>{@link dev.gochan.sync.RWMutex}: {@code rLock}, {@code rUnlock}, {@code tryRLock},
 *       {@code rLocker}, ...</td></tr>
 *   <tr><td>{@code sync.Locker}</td><td>{@link dev.gochan.sync.Locker}</td></tr>
 *   <tr><td>{@code sync.Once}: {@code Do}</td><td>{@link dev.gochan.sync.Once}: {@code run}</td></tr>
 *   <tr><td>{@code sync.OnceFunc}, {@code OnceValue}, {@code OnceValues}</td>
 *       <td>{@code Once.func}, {@code Once.value}, {@code Once.values} (static)</td></tr>
 *   <tr><td>{@code sync.NewCond(l)}: {@code Wait}, {@code Signal}, {@code Broadcast}</td>
 *       <td>{@code new} {@link dev.gochan.sync.Cond}{@code (l)}: {@code await}, {@code signal},
 *       {@code broadcast}</td></tr>
 *   <tr><td>{@code semaphore.NewWeighted(n)}: {@code Acquire(ctx, n)}, {@code TryAcquire},
 *       {@code Release}</td>
 *       <td>{@code new} {@link dev.gochan.sync.Semaphore}{@code (n)}: {@code acquire(ctx, n)}
 *       (throws the context's error instead of returning it; {@code acquire(n)} for
 *       {@code context.Background()}), {@code tryAcquire}, {@code release}</td></tr>
 * </table>
 *
 * <p>Java reserves {@code wait}, so Go's {@code Wait} is {@code await} throughout. Go's panics
 * are {@link java.lang.IllegalStateException}s with Go's texts; Go's fatal errors (unlock of an
 * unlocked mutex) are {@link dev.gochan.sync.FatalError}s. Every blocking method records a Go
 * wait reason ({@code sync.Mutex.Lock}, {@code sync.RWMutex.RLock}, {@code sync.RWMutex.Lock},
 * {@code sync.WaitGroup.Wait}, {@code sync.Cond.Wait}, {@code semacquire}) and, interrupted,
 * throws {@link dev.gochan.GoInterruptedException} without having taken effect.
 */
package dev.gochan.sync;
