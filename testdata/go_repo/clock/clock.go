// Package clock is the time source of the limiters, so that tests can move time
// by hand.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time and sleeps.
type Clock interface {
	Now() time.Time
	Sleep(d time.Duration)
}

// Epoch is the time a Fake of the tests starts at.
var Epoch = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// Real is the system clock.
type Real struct{}

// Now returns the current time.
func (Real) Now() time.Time { return time.Now() }

// Sleep pauses the goroutine for d.
func (Real) Sleep(d time.Duration) { time.Sleep(d) }

// Fake is a clock that moves only when told to.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// NewFake returns a Fake clock showing t.
func NewFake(t time.Time) *Fake {
	return &Fake{now: t}
}

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Sleep advances the fake time by d at once.
func (f *Fake) Sleep(d time.Duration) { f.Advance(d) }

// Advance moves the fake time forward by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}
