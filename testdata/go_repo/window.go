package ratelimit

import (
	"context"
	"sync"
	"time"
)

// fixedWindow allows limit calls in each window of time, counted from the first
// call of the window.
type fixedWindow struct {
	sync.Mutex
	clock  Clock
	limit  int
	window time.Duration
	start  time.Time
	count  int
}

// newFixedWindow returns a fixed-window limiter; a limit below one is one.
func newFixedWindow(limit int, window time.Duration, c Clock) *fixedWindow {
	if limit < 1 {
		limit = 1
	}
	return &fixedWindow{clock: c, limit: limit, window: window}
}

// Allow counts a call if the current window has room.
func (w *fixedWindow) Allow() bool {
	w.Lock()
	defer w.Unlock()
	now := w.clock.Now()
	if now.Sub(w.start) >= w.window {
		w.start, w.count = now, 0
	}
	if w.count >= w.limit {
		return false
	}
	w.count++
	return true
}

// Wait sleeps until the next window while the current one is full.
func (w *fixedWindow) Wait(ctx context.Context) error {
	for !w.Allow() {
		if err := ctx.Err(); err != nil {
			return err
		}
		w.clock.Sleep(w.window / time.Duration(w.limit))
	}
	return nil
}

// unlimited allows every call.
type unlimited struct{}

// Allow always allows.
func (unlimited) Allow() bool { return true }

// Wait never waits, unless the context is already done.
func (u unlimited) Wait(ctx context.Context) error { return ctx.Err() }
