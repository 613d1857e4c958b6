// Reference for dev.gochan.bench.time.TimeoutWake: n goroutines, each blocked in a select whose
// only ready case is time.After(d); how long until all of them have woken.
//
//	go run gochan-bench/go/time/timeouts.go [-n 100000] [-d 100ms] [-reps 3]
//
// Columns as in the Java program: spawn = time to start all n; all woke = from the first start
// until the last wake-up; late = how long after its own deadline the last one woke.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	n := flag.Int("n", 100000, "goroutines")
	d := flag.Duration("d", 100*time.Millisecond, "timeout")
	reps := flag.Int("reps", 3, "repetitions")
	flag.Parse()
	fmt.Printf("n=%d timeout=%v reps=%d GOMAXPROCS=%d %s\n", *n, *d, *reps, runtime.GOMAXPROCS(0), runtime.Version())
	for rep := 0; rep < *reps; rep++ {
		run("go select After", *n, *d, func(never chan int) {
			select {
			case <-never:
			case <-time.After(*d):
			}
		})
		run("go select After own", *n, *d, func(never chan int) {
			own := make(chan int)
			select {
			case <-own:
			case <-time.After(*d):
			}
		})
		run("go select NewTimer", *n, *d, func(never chan int) {
			t := time.NewTimer(*d)
			select {
			case <-never:
			case <-t.C:
			}
			t.Stop()
		})
		run("go Sleep", *n, *d, func(never chan int) { time.Sleep(*d) })
	}
}

func run(name string, n int, d time.Duration, wait func(chan int)) {
	never := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var lastLate time.Duration
	wg.Add(n)
	start := time.Now()
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			t0 := time.Now()
			wait(never)
			late := time.Since(t0) - d
			mu.Lock()
			if late > lastLate {
				lastLate = late
			}
			mu.Unlock()
		}()
	}
	spawned := time.Since(start)
	wg.Wait()
	all := time.Since(start)
	fmt.Printf("%-22s spawn %7.1f ms   all woke %7.1f ms   late %7.1f ms\n", name,
		float64(spawned)/1e6, float64(all)/1e6, float64(lastLate)/1e6)
}
