package bucket

import (
	"testing"
	"time"

	. "example.com/ratelimit/clock"
)

func TestTokenBucketAllow(t *testing.T) {
	fake := NewFake(Epoch)
	b := New(2, 3, fake)
	for i := 0; i < 3; i++ {
		if !b.Allow() {
			t.Fatalf("call %d: want it allowed within the burst", i)
		}
	}
	if b.Allow() {
		t.Fatal("want the fourth call refused")
	}
	fake.Advance(500 * time.Millisecond)
	if !b.Allow() {
		t.Fatal("want a token after half a second at 2/s")
	}
	if got := b.Stats().String(); got != "0.0/3 tokens" {
		t.Errorf("Stats() = %q, want 0.0/3 tokens", got)
	}
}

func BenchmarkAllow(b *testing.B) {
	bucket := New(1e9, 1000, Real{})
	for i := 0; i < b.N; i++ {
		bucket.Allow()
	}
}
