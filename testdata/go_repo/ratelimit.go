// Package ratelimit limits how often an operation may run.
//
// New builds a Limiter from a Config: a token bucket (package bucket), a fixed
// window or no limit at all. Keyed keeps one Limiter per key.
package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"example.com/ratelimit/bucket"
	"example.com/ratelimit/clock"
)

//go:generate stringer -type=Policy -trimprefix=Policy

// Policy chooses the algorithm of a Limiter.
type Policy int

// The policies New understands.
const (
	// PolicyTokenBucket refills tokens at a steady rate and allows bursts.
	PolicyTokenBucket Policy = iota
	// PolicyFixedWindow counts calls in each second.
	PolicyFixedWindow
	// PolicyUnlimited allows every call.
	PolicyUnlimited
)

// DefaultBurst is the burst of a Config that sets none.
const DefaultBurst = 10

// Errors New returns.
var (
	// ErrInvalidRate is returned for a rate that is not positive.
	ErrInvalidRate = errors.New("ratelimit: rate must be positive")
	// ErrUnknownPolicy is returned for a policy New does not know.
	ErrUnknownPolicy = errors.New("ratelimit: unknown policy")
)

// Clock is the time source limiters read; tests pass a clock.Fake.
type Clock = clock.Clock

// defaultClock is the clock of a Config that sets none.
var defaultClock Clock = clock.Real{}

// Limiter decides whether an operation may run now.
type Limiter interface {
	// Allow reports whether one operation may run now, and counts it if so.
	Allow() bool
	// Wait blocks until an operation may run or the context is done.
	Wait(ctx context.Context) error
}

// Config says how a Limiter limits.
type Config struct {
	Policy Policy
	// Rate is the number of operations allowed per second.
	Rate  float64
	Burst int
	Clock Clock
}

// New builds the Limiter a Config describes.
func New(cfg Config) (Limiter, error) {
	cfg, err := validate(cfg)
	if err != nil {
		return nil, err
	}
	switch cfg.Policy {
	case PolicyTokenBucket:
		return bucket.New(cfg.Rate, cfg.Burst, cfg.Clock), nil
	case PolicyFixedWindow:
		return newFixedWindow(int(cfg.Rate), time.Second, cfg.Clock), nil
	case PolicyUnlimited:
		return unlimited{}, nil
	}
	return nil, fmt.Errorf("%w: %d", ErrUnknownPolicy, cfg.Policy)
}

// validate fills in the defaults of a Config and rejects one New cannot build.
func validate(cfg Config) (Config, error) {
	if cfg.Rate <= 0 && cfg.Policy != PolicyUnlimited {
		return cfg, ErrInvalidRate
	}
	if cfg.Burst == 0 {
		cfg.Burst = DefaultBurst
	}
	if cfg.Clock == nil {
		cfg.Clock = defaultClock
	}
	return cfg, nil
}
