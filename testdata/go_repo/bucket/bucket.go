// Package bucket implements the token bucket algorithm: tokens refill at a
// steady rate up to a burst, and each operation takes one.
package bucket

import (
	"sync"
	"time"

	"example.com/ratelimit/clock"
)

// TokenBucket is a token bucket limiter. Its methods are in take.go.
type TokenBucket struct {
	clock.Clock // the time source: b.Now(), b.Sleep(d)

	mu     sync.Mutex
	rate   float64 // tokens per second
	burst  int
	tokens float64
	last   time.Time
}

// Stats is a snapshot of a bucket.
type Stats struct {
	Tokens float64
	Burst  int
}

// maxIdle caps the time a refill counts, however long the bucket sat idle.
const maxIdle = time.Hour

// New returns a full bucket refilling rate tokens per second up to burst.
func New(rate float64, burst int, c clock.Clock) *TokenBucket {
	return &TokenBucket{
		Clock:  c,
		rate:   rate,
		burst:  burst,
		tokens: float64(burst),
		last:   c.Now(),
	}
}

// minFloat returns the smaller of a and b.
func minFloat(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}
