/**
 * The idioms of Go's concurrency guides as small, composable helpers that never leak a
 * goroutine: generators, pipeline stages, fan-in ({@code merge}) and fan-out, or-done, tee,
 * bridge, take, batch and rate limit in {@link dev.gochan.pattern.Patterns}, and the worker pool
 * in {@link dev.gochan.pattern.WorkerPool}.
 *
 * <p>Every helper takes a {@link dev.gochan.context.Context} first (the classic ones also accept a
 * done channel), returns receive-only channels at once, and closes them when its work is over or
 * the context is done; a consumer that stops early cancels the context, and every goroutine of
 * the pipeline ends (the guide's §7.3: always provide an exit path).
 */
package dev.gochan.pattern;
