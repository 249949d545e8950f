package bucket

import (
	"context"
	"fmt"
	"time"

	xrate "golang.org/x/time/rate"
)

// Allow takes one token if there is one.
func (b *TokenBucket) Allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(b.Now())
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Wait sleeps until a token is free, then takes it.
func (b *TokenBucket) Wait(ctx context.Context) error {
	for !b.Allow() {
		if err := ctx.Err(); err != nil {
			return err
		}
		b.Sleep(time.Duration(float64(time.Second) / b.rate))
	}
	return nil
}

// Stats returns the bucket's tokens and burst.
func (b *TokenBucket) Stats() Stats {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(b.Now())
	return Stats{Tokens: b.tokens, Burst: b.burst}
}

// Limit is the bucket's rate as golang.org/x/time/rate writes it, for code that
// uses that package.
func (b *TokenBucket) Limit() xrate.Limit {
	return xrate.Limit(b.rate)
}

// String describes a snapshot: "3.5/10 tokens".
func (s Stats) String() string {
	return fmt.Sprintf("%.1f/%d tokens", s.Tokens, s.Burst)
}

// refill adds the tokens earned since the last refill. The caller holds b.mu.
func (b *TokenBucket) refill(now time.Time) {
	elapsed := now.Sub(b.last)
	if elapsed > maxIdle {
		elapsed = maxIdle
	}
	b.tokens = minFloat(float64(b.burst), b.tokens+elapsed.Seconds()*b.rate)
	b.last = now
}
