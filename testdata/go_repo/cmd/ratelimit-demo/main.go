// Command ratelimit-demo sends a run of operations through a limiter and prints
// which ones were allowed and which had to wait.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"time"
	_ "time/tzdata" // the time zone database, for hosts without one

	"example.com/ratelimit"
)

func main() {
	rate := flag.Float64("rate", 5, "operations per second")
	burst := flag.Int("burst", ratelimit.DefaultBurst, "burst size")
	n := flag.Int("n", 20, "operations to attempt")
	flag.Parse()

	lim, err := ratelimit.New(ratelimit.Config{
		Policy: ratelimit.PolicyTokenBucket,
		Rate:   *rate,
		Burst:  *burst,
	})
	if err != nil {
		log.Fatal(err)
	}
	run(lim, *n)

	perUser, err := ratelimit.NewKeyed[string](ratelimit.Config{Rate: *rate})
	if err != nil {
		log.Fatal(err)
	}
	for _, user := range []string{"ana", "bo", "ana"} {
		fmt.Printf("%s: %v\n", user, perUser.Allow(user))
	}
}

// run attempts n operations, waiting for the limiter when it refuses one.
func run(lim ratelimit.Limiter, n int) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for i := 0; i < n; i++ {
		if lim.Allow() {
			fmt.Printf("%3d allowed\n", i)
		} else if err := lim.Wait(ctx); err != nil {
			log.Fatalf("wait: %v", err)
		} else {
			fmt.Printf("%3d waited\n", i)
		}
	}
}
