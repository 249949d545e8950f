/** A listener of one kind of event. */
type Listener<E> = (event: E) => void;

/**
 * A typed publish/subscribe bus: the scheduler publishes, the UI listens.
 */
export default class EventBus<E extends { type: string }> {
  private listeners = new Map<E["type"], Set<Listener<E>>>();

  /** Calls `listener` for every event of `type`; returns how to stop. */
  on(type: E["type"], listener: Listener<E>): () => void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
    return () => set.delete(listener);
  }

  /** Delivers an event to its listeners, in the order they subscribed. */
  emit(event: E): void {
    this.listeners.get(event.type)?.forEach((listener) => listener(event));
  }
}
