/**
 * Go's {@code time} package on gochan's one clock: {@link dev.gochan.time.Time} (now, since,
 * sleep, after, tick, newTimer, afterFunc, newTicker), {@link dev.gochan.time.Timer} and
 * {@link dev.gochan.time.Ticker}, with Go 1.23's timer semantics: unbuffered timer channels, no
 * stale values after stop or reset, and unreferenced timers collected without being stopped.
 */
package dev.gochan.time;
