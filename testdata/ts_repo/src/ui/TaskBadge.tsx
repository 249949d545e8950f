/** @jsx h */
import { Priority, type Task } from "@model/task";
import { formatDuration, shorten } from "../util";

/** A node of the tiny virtual DOM the badge renders to. */
export interface VNode {
  tag: string | Component;
  props: Record<string, unknown>;
  children: VNode[];
}

/** A function component. */
export type Component = (props: any) => VNode;

/** The JSX factory (`jsxFactory: "h"` in tsconfig.json): builds a `VNode`. */
export function h(tag: VNode["tag"], props: Record<string, unknown> | null, ...children: VNode[]): VNode {
  return { tag, props: props ?? {}, children };
}

const COLORS: Record<Priority, string> = {
  [Priority.Low]: "grey",
  [Priority.Normal]: "blue",
  [Priority.High]: "orange",
  [Priority.Critical]: "red",
};

/** A coloured dot for a priority. */
export const PriorityIcon = ({ priority }: { priority: Priority }): VNode => (
  <span class="dot" style={`color: ${COLORS[priority]}`} title={Priority[priority]} />
);

/** A task's name, priority and, once done, how long it took. */
export function TaskBadge({ task, ms }: { task: Task; ms?: number }): VNode {
  return (
    <div class={`badge badge-${task.state}`}>
      <PriorityIcon priority={task.priority} />
      <b>{shorten(task.name, 20)}</b>
      {ms !== undefined && <i>{formatDuration(ms)}</i>}
    </div>
  );
}

export default TaskBadge;
