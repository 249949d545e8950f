package ratelimit

import "sync"

// Keyed keeps one Limiter per key, built from the same Config on first use: a
// limit per client, per user or per route.
type Keyed[K comparable] struct {
	mu       sync.Mutex
	cfg      Config
	limiters map[K]Limiter
}

// NewKeyed returns an empty Keyed whose limiters follow cfg.
func NewKeyed[K comparable](cfg Config) (*Keyed[K], error) {
	cfg, err := validate(cfg)
	if err != nil {
		return nil, err
	}
	return &Keyed[K]{cfg: cfg, limiters: make(map[K]Limiter)}, nil
}

// Allow reports whether key may run an operation now.
func (k *Keyed[K]) Allow(key K) bool {
	l, err := k.get(key)
	if err != nil {
		return false
	}
	return l.Allow()
}

// get returns key's limiter, building it on first use.
func (k *Keyed[K]) get(key K) (Limiter, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if l, ok := k.limiters[key]; ok {
		return l, nil
	}
	l, err := New(k.cfg)
	if err != nil {
		return nil, err
	}
	k.limiters[key] = l
	return l, nil
}
