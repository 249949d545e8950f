/**
 * Time and formatting helpers shared by the scheduler and the badge.
 * @module util
 */

export * from "./format";
export { truncate as shorten } from "./format";

/** A source of the current time, so tests can stop it. */
export interface Clock {
  now(): number;
}

/** The clock of the machine. */
export const systemClock: Clock = { now: () => Date.now() };

/** Durations and deadlines. */
export namespace Time {
  /** Milliseconds in a second. */
  export const SECOND = 1000;

  /** Milliseconds in `n` minutes. */
  export function minutes(n: number): number {
    return n * 60 * SECOND;
  }

  /** Whether `deadline` has passed on `clock`. */
  export function isPast(deadline: number, clock: Clock = systemClock): boolean {
    return clock.now() >= deadline;
  }
}

/**
 * Method decorator: logs each call and how long it took.
 */
export function logged(target: object, key: string, descriptor: PropertyDescriptor): void {
  const original = descriptor.value as (...args: unknown[]) => unknown;
  descriptor.value = function (this: unknown, ...args: unknown[]) {
    const started = systemClock.now();
    const result = original.apply(this, args);
    console.debug(`${key} took ${systemClock.now() - started}ms`);
    return result;
  };
}

/** Caches a one-argument function's results by argument. */
export function memoize<A, R>(fn: (arg: A) => R): (arg: A) => R {
  const cache = new Map<A, R>();
  return (arg: A) => {
    if (!cache.has(arg)) {
      cache.set(arg, fn(arg));
    }
    return cache.get(arg) as R;
  };
}
