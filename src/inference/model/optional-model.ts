import type { ModelStore } from './model-store';

/**
 * An optional model (detector, experts, reader): when it cannot be loaded the scene goes without
 * it. The store already logs each failed load; here a failure is remembered for a while so that a
 * missing or corrupt model is not fetched again on every request, then tried again (fixed object,
 * S3 back).
 */
export class OptionalModel<T> {
  private failedAt?: number;
  private model?: T;

  constructor(
    readonly store: ModelStore<T>,
    private readonly retryAfterMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The model, or undefined while it is unavailable. Never throws. */
  async get(): Promise<T | undefined> {
    if (this.failedAt !== undefined && this.now() - this.failedAt < this.retryAfterMs) return undefined;
    try {
      this.model = await this.store.get();
      this.failedAt = undefined;
      return this.model;
    } catch {
      this.failedAt = this.now();
      return undefined;
    }
  }

  /** The model if it has been loaded, without loading it. */
  get loaded(): T | undefined {
    return this.model;
  }
}
