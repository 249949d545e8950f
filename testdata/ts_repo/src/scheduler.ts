import "./polyfill";
import EventBus from "./events";
import { Priority, MAX_ATTEMPTS, canRetry, type Runner } from "./model/task";
import { byPriority as mostUrgentFirst } from "./model/task";
import type { Task, TaskId } from "./model/task";
import * as util from "./util";
import { logged, type Clock } from "./util";

/** What the scheduler tells its listeners. */
export type SchedulerEvent =
  | { type: "submitted"; id: TaskId }
  | { type: "finished"; id: TaskId; ms: number }
  | { type: "failed"; id: TaskId; error: unknown };

/** How a scheduler is set up. */
export interface SchedulerOptions {
  clock?: Clock;
  /** Runs at most this many tasks at once. */
  concurrency?: number;
}

/**
 * Runs submitted tasks most urgent first, retrying failures up to `MAX_ATTEMPTS`
 * times, and publishes what happens on its event bus.
 */
export class Scheduler implements Runner {
  /** Listeners subscribe here. */
  readonly events = new EventBus<SchedulerEvent>();
  private queue: Task[] = [];
  private readonly clock: Clock;
  #running = 0;

  constructor(private readonly options: SchedulerOptions = {}) {
    this.clock = options.clock ?? util.systemClock;
  }

  /** How many tasks wait. */
  get size(): number {
    return this.queue.length;
  }

  /** Queues a task and returns its id. */
  submit<R>(task: Task<R>): TaskId {
    this.queue = mostUrgentFirst([...this.queue, task]);
    this.events.emit({ type: "submitted", id: task.id });
    return task.id;
  }

  /**
   * Runs the most urgent task, if any and if a slot is free.
   * @returns whether a task ran.
   */
  @logged
  async runNext(): Promise<boolean> {
    const limit = this.options.concurrency ?? 1;
    const task = this.queue.shift();
    if (!task || this.#running >= limit) {
      return false;
    }
    this.#running++;
    const started = this.clock.now();
    try {
      task.state = "running";
      task.attempts++;
      await task.run();
      task.state = "done";
      const ms = this.clock.now() - started;
      this.events.emit({ type: "finished", id: task.id, ms });
    } catch (error) {
      task.state = "failed";
      this.events.emit({ type: "failed", id: task.id, error });
      this.retry(task);
    } finally {
      this.#running--;
    }
    return true;
  }

  /** Runs every queued task, one after the other, until none is left. */
  async drain(): Promise<number> {
    let ran = 0;
    while (await this.runNext()) {
      ran++;
    }
    return ran;
  }

  /** Puts a failed task back, less urgent, while it has attempts left. */
  private retry(task: Task): void {
    if (canRetry(task) && task.attempts < MAX_ATTEMPTS) {
      task.state = "pending";
      task.priority = Math.max(Priority.Low, task.priority - 1);
      this.queue = mostUrgentFirst([...this.queue, task]);
    }
  }

  /** A one-line summary: `"3 queued, 1 running"`. */
  describe = (): string => `${this.size} queued, ${this.#running} running`;
}
