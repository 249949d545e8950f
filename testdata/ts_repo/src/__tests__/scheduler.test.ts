import { Scheduler } from "../scheduler";
import { createTask, parsePriority, Priority } from "../model/task";
import type { Clock } from "../util";

/** A clock that moves only when told. */
class FakeClock implements Clock {
  constructor(public time = 0) {}
  now(): number {
    return this.time;
  }
}

const ok = (value: number) => () => Promise.resolve(value);

describe("Scheduler", () => {
  it("runs the most urgent task first", async () => {
    const order: string[] = [];
    const scheduler = new Scheduler({ clock: new FakeClock() });
    scheduler.submit(createTask("low", async () => order.push("low"), Priority.Low));
    scheduler.submit(createTask("high", async () => order.push("high"), Priority.High));
    await scheduler.drain();
    expect(order).toEqual(["high", "low"]);
  });

  it("retries a failing task until it has no attempts left", async () => {
    const scheduler = new Scheduler();
    const failures: unknown[] = [];
    scheduler.events.on("failed", (event) => failures.push(event));
    scheduler.submit(createTask("boom", () => Promise.reject(new Error("boom"))));
    expect(await scheduler.drain()).toBe(3);
    expect(failures).toHaveLength(3);
  });

  it("reads priorities by name and number", () => {
    expect(parsePriority("high")).toBe(Priority.High);
    expect(parsePriority(9)).toBe(Priority.Critical);
    expect(ok(1)).toBeInstanceOf(Function);
  });
});
