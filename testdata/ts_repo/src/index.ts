/**
 * @file taskflow's public API: the scheduler, the task model and the helpers.
 */

export { Scheduler } from "./scheduler";
export type { SchedulerEvent, SchedulerOptions } from "./scheduler";
export * from "./model/task";
export * as util from "./util";
export { default as EventBus } from "./events";
export { TaskBadge, PriorityIcon } from "./ui/TaskBadge";

/** The library's version, as published. */
export const VERSION = "0.3.1";
