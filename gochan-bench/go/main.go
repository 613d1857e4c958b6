// Command gochanbench runs the gochan benchmark workloads in Go, as the reference the JVM
// contenders are compared against. It measures the same workloads as the JMH benchmarks in
// ../src/main/java/dev/gochan/bench (W1 ping-pong, W2 unbuffered 1P1C, W3 buffered 1024 1P1C,
// W4 buffered 128 4P4C, W5 select over 4 channels, memory per parked goroutine).
//
// Each workload runs once as warm-up and then -reps times; every measured run is one sample.
// Results go to standard output, one line per workload, and with -json to a file of rows that
// the Java report (dev.gochan.bench.report.Report) reads:
//
//	[{"workload": "W1", "parallelism": "default", "contender": "go", "unit": "ns/rt", "values": [...]}]
//
// Set GOMAXPROCS=1 for the "parallelism 1" rows (the counterpart of
// -Djdk.virtualThreadScheduler.parallelism=1); without it the rows say "default".
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// row is one workload's samples in the report's units.
type row struct {
	Workload    string    `json:"workload"`
	Parallelism string    `json:"parallelism"`
	Contender   string    `json:"contender"`
	Unit        string    `json:"unit"`
	Values      []float64 `json:"values"`
}

// workload runs n messages (or round trips) once and returns how long that took.
type workload struct {
	name string
	unit string // "ns/rt" (time per round trip) or "M msg/s"
	n    int    // messages per run at scale 1
	run  func(n int) time.Duration
}

func main() {
	only := flag.String("workload", "all", "comma-separated workloads to run (W1,W2,W3,W4,W5,memory) or all")
	reps := flag.Int("reps", 5, "measured runs per workload (after one warm-up run)")
	scale := flag.Float64("scale", 1, "multiplies every message count (0.1 for a smoke run)")
	memN := flag.Int("memory-n", 100000, "goroutines parked by the memory workload")
	out := flag.String("json", "", "also write the rows to this file")
	flag.Parse()

	par := "default"
	if os.Getenv("GOMAXPROCS") != "" {
		par = fmt.Sprint(runtime.GOMAXPROCS(0))
	}
	want := map[string]bool{}
	for _, w := range strings.Split(*only, ",") {
		want[strings.TrimSpace(w)] = true
	}
	selected := func(name string) bool {
		return want["all"] || want[name] || (strings.HasPrefix(name, "W5") && want["W5"])
	}

	workloads := []workload{
		{"W1", "ns/rt", 1000000, pingPong},
		{"W2", "M msg/s", 5000000, func(n int) time.Duration { return pipe(n, 0) }},
		{"W3", "M msg/s", 20000000, func(n int) time.Duration { return pipe(n, 1024) }},
		{"W4", "M msg/s", 20000000, mpmc},
		{"W5 cap 0", "M msg/s", 4000000, func(n int) time.Duration { return selectFanIn(n, 0) }},
		{"W5 cap 16", "M msg/s", 4000000, func(n int) time.Duration { return selectFanIn(n, 16) }},
	}
	var rows []row
	for _, w := range workloads {
		if !selected(w.name) {
			continue
		}
		n := int(float64(w.n) * *scale)
		n -= n % 4 // W4 and W5 split the messages four ways
		if n < 4 {
			n = 4
		}
		w.run(n) // warm-up
		r := row{Workload: w.name, Parallelism: par, Contender: "go", Unit: w.unit}
		for i := 0; i < *reps; i++ {
			d := w.run(n)
			nsPerMsg := float64(d.Nanoseconds()) / float64(n)
			if w.unit == "ns/rt" {
				r.Values = append(r.Values, nsPerMsg)
			} else {
				r.Values = append(r.Values, 1e3/nsPerMsg)
			}
		}
		fmt.Printf("%-10s parallelism=%s n=%d: %.1f %s (median of %d)\n",
			w.name, par, n, median(r.Values), w.unit, len(r.Values))
		rows = append(rows, r)
	}
	if selected("memory") {
		r := row{Workload: "memory", Parallelism: par, Contender: "go", Unit: "bytes"}
		parkedGoroutines(1000) // warm-up
		for i := 0; i < *reps; i++ {
			r.Values = append(r.Values, parkedGoroutines(*memN))
		}
		fmt.Printf("%-10s parallelism=%s n=%d: %.0f bytes per parked goroutine (median of %d)\n",
			"memory", par, *memN, median(r.Values), len(r.Values))
		rows = append(rows, r)
	}
	if *out != "" {
		b, err := json.MarshalIndent(rows, "", "  ")
		if err != nil {
			panic(err)
		}
		if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
			panic(err)
		}
	}
}

// checkSum panics unless the received values add up to 0+1+...+(n-1).
func checkSum(n int, sum int64) {
	want := int64(n) * int64(n-1) / 2
	if sum != want {
		panic(fmt.Sprintf("received sum %d, expected %d", sum, want))
	}
}

// pingPong is W1: n round trips over two unbuffered channels.
func pingPong(n int) time.Duration {
	ping := make(chan int)
	pong := make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	start := time.Now()
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			ping <- i
			if <-pong != i {
				panic("wrong echo")
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			pong <- <-ping
		}
	}()
	wg.Wait()
	return time.Since(start)
}

// pipe is W2 (capacity 0) and W3 (capacity 1024): one producer, one consumer.
func pipe(n, capacity int) time.Duration {
	ch := make(chan int, capacity)
	var sum int64
	var wg sync.WaitGroup
	wg.Add(2)
	start := time.Now()
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	go func() {
		defer wg.Done()
		var s int64
		for i := 0; i < n; i++ {
			s += int64(<-ch)
		}
		sum = s
	}()
	wg.Wait()
	d := time.Since(start)
	checkSum(n, sum)
	return d
}

// mpmc is W4: four producers and four consumers on one channel buffered to 128.
func mpmc(n int) time.Duration {
	const producers, consumers = 4, 4
	ch := make(chan int, 128)
	sums := make([]int64, consumers)
	var wg sync.WaitGroup
	wg.Add(producers + consumers)
	start := time.Now()
	per := n / producers
	for p := 0; p < producers; p++ {
		go func(from int) {
			defer wg.Done()
			for i := from; i < from+per; i++ {
				ch <- i
			}
		}(p * per)
	}
	for c := 0; c < consumers; c++ {
		go func(slot int) {
			defer wg.Done()
			var s int64
			for i := 0; i < n/consumers; i++ {
				s += int64(<-ch)
			}
			sums[slot] = s
		}(c)
	}
	wg.Wait()
	d := time.Since(start)
	var total int64
	for _, s := range sums {
		total += s
	}
	checkSum(n, total)
	return d
}

// selectFanIn is W5: four producers, each on its own channel; one consumer selects over all four.
func selectFanIn(n, capacity int) time.Duration {
	var chs [4]chan int
	for i := range chs {
		chs[i] = make(chan int, capacity)
	}
	var sum int64
	var wg sync.WaitGroup
	wg.Add(len(chs) + 1)
	start := time.Now()
	per := n / len(chs)
	for p := range chs {
		go func(ch chan<- int, from int) {
			defer wg.Done()
			for i := from; i < from+per; i++ {
				ch <- i
			}
		}(chs[p], p*per)
	}
	go func() {
		defer wg.Done()
		var s int64
		for i := 0; i < n; i++ {
			select {
			case v := <-chs[0]:
				s += int64(v)
			case v := <-chs[1]:
				s += int64(v)
			case v := <-chs[2]:
				s += int64(v)
			case v := <-chs[3]:
				s += int64(v)
			}
		}
		sum = s
	}()
	wg.Wait()
	d := time.Since(start)
	checkSum(n, sum)
	return d
}

// parkedGoroutines is the memory workload: n goroutines, each blocked receiving from its own
// unbuffered channel. Returns the bytes of heap and goroutine stacks per goroutine, channel
// included. Since Go 1.19 new goroutines start with a stack sized from the average stack seen by
// the collector (GODEBUG=adaptivestackstart), so this can be 4 KiB of stack rather than the 2 KiB
// minimum; the default is what a Go program gets, so it is what is measured.
func parkedGoroutines(n int) float64 {
	chs := make([]chan int, n) // allocated before the first reading
	var started sync.WaitGroup
	var done sync.WaitGroup
	before := liveBytes()
	started.Add(n)
	done.Add(n)
	for i := range chs {
		chs[i] = make(chan int)
		go func(ch chan int) {
			defer done.Done()
			started.Done()
			if <-ch != 1 {
				panic("wrong value")
			}
		}(chs[i])
	}
	started.Wait()
	// started.Done runs just before the receive; let every goroutine reach its park.
	for i := 0; i < 10; i++ {
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
	after := liveBytes()
	for _, ch := range chs {
		ch <- 1
	}
	done.Wait()
	runtime.KeepAlive(chs)
	return float64(after-before) / float64(n)
}

// liveBytes is the live heap plus the goroutine stacks in use, after two collections.
func liveBytes() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc) + int64(m.StackInuse)
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	k := len(s)
	if k%2 == 1 {
		return s[k/2]
	}
	return (s[k/2-1] + s[k/2]) / 2
}
