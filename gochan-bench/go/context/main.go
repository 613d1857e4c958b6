// Cancellation fan-out, the Go reference for
// gochan-bench/src/main/java/dev/gochan/bench/context/CancelFanout.java.
//
// N goroutines are blocked in a select on a context's Done channel and on a channel of their
// own; the root context is canceled; we time from the cancel call until every goroutine has
// returned from its select. Shapes: "flat" (all on the root's Done) and "tree" (each on its own
// WithCancel(root) child).
//
// Run: go run main.go [goroutines=10000] [rounds=15]
// (Standard library only; not run in this repository's build.)
package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"
)

func round(n int, tree bool) time.Duration {
	root, cancel := context.WithCancel(context.Background())
	var ready, returned sync.WaitGroup
	ready.Add(n)
	returned.Add(n)
	own := make([]chan int, n)
	for i := 0; i < n; i++ {
		ctx := context.Context(root)
		if tree {
			ctx, _ = context.WithCancel(root) //nolint:govet // canceled through root
		}
		mine := make(chan int)
		own[i] = mine
		go func() {
			ready.Done()
			select {
			case <-ctx.Done():
			case <-mine:
			}
			returned.Done()
		}()
	}
	ready.Wait()
	time.Sleep(50 * time.Millisecond) // let the last goroutines park
	t0 := time.Now()
	cancel()
	returned.Wait()
	return time.Since(t0)
}

func main() {
	n, rounds := 10000, 15
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	if len(os.Args) > 2 {
		rounds, _ = strconv.Atoi(os.Args[2])
	}
	fmt.Printf("cancel fan-out: %d goroutines, %d rounds, %d CPUs, GOMAXPROCS %d\n",
		n, rounds, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	for _, shape := range []string{"flat", "tree"} {
		tree := shape == "tree"
		round(n, tree) // warm-up
		round(n, tree)
		ms := make([]float64, rounds)
		for r := range ms {
			ms[r] = float64(round(n, tree)) / 1e6
		}
		sort.Float64s(ms)
		fmt.Printf("%-4s median %7.2f ms   min %7.2f ms   max %7.2f ms\n",
			shape, ms[rounds/2], ms[0], ms[rounds-1])
	}
}
