/**
 * Tasks: what the scheduler runs, their priorities and their states.
 * @module model/task
 */

/** A task's identifier, unique within one scheduler. */
export type TaskId = string;

/** Where a task is in its life. */
export type TaskState = "pending" | "running" | "done" | "failed";

/** How urgent a task is: higher runs first. */
export enum Priority {
  Low = 1,
  Normal = 2,
  High = 3,
  Critical = 4,
}

/** The priority a task gets when it names none. */
export const DEFAULT_PRIORITY = Priority.Normal;

/** Attempts a task gets before it fails for good. */
export const MAX_ATTEMPTS = 3;

/** A unit of work and what is known about its runs. */
export interface Task<R = unknown> {
  readonly id: TaskId;
  name: string;
  priority: Priority;
  state: TaskState;
  attempts: number;
  /** The work itself. */
  run(): Promise<R>;
}

/** Something that runs tasks: the scheduler, or a test double. */
export interface Runner {
  submit<R>(task: Task<R>): TaskId;
  runNext(): Promise<boolean>;
  readonly size: number;
}

let counter = 0;

/** Makes a new pending task around a function. */
export const createTask = <R>(
  name: string,
  work: () => Promise<R>,
  priority: Priority = DEFAULT_PRIORITY,
): Task<R> => ({
  id: `${name}-${++counter}`,
  name,
  priority,
  state: "pending",
  attempts: 0,
  run: work,
});

/** Whether a task may run again after a failure. */
export const canRetry = (task: Task): boolean =>
  task.state === "failed" && task.attempts < MAX_ATTEMPTS;

/**
 * Orders tasks most urgent first, the older first among equals.
 * @param tasks - the tasks to order; left unchanged.
 */
export function byPriority<T extends Task>(tasks: readonly T[]): T[] {
  return [...tasks].sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
}

/** Reads a priority from its name (`"high"`) or its number (`3`). */
export function parsePriority(value: string): Priority;
export function parsePriority(value: number): Priority;
export function parsePriority(value: string | number): Priority {
  if (typeof value === "number") {
    return Math.min(Math.max(value, Priority.Low), Priority.Critical) as Priority;
  }
  const key = value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
  return Priority[key as keyof typeof Priority] ?? DEFAULT_PRIORITY;
}
