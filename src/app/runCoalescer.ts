/**
 * Analysis runs are coalesced, not debounced: a change starts a run at once (after the
 * current task, so a burst of synchronous changes becomes one run); changes made while a run
 * is in the worker mark it stale, and when it returns its result is to be dropped unseen
 * (`stale` is true then) and one more run starts with the latest parameters. So a single
 * change costs no waiting time, and a burst of clicks costs at most one stale run plus the
 * run that counts. No DOM: test/app/runCoalescer.test.ts drives it with a fake worker client.
 */
export class RunCoalescer {
  private loop: Promise<void> | null = null;
  private wanted = false;

  /**
   * `job` runs the analysis once with the state of the moment (it reads `stale` after the
   * worker answers); `track` wraps each job and the whole loop (the page's busy/ready
   * tracking and error reporting).
   */
  constructor(
    private readonly job: () => Promise<void>,
    private readonly track: (job: () => Promise<void>) => Promise<unknown> = (j) => j(),
  ) {}

  /** True when a newer run has been asked for since the current one started. */
  get stale(): boolean {
    return this.wanted;
  }

  /** True while a run (or its follow-up) is under way. */
  get running(): boolean {
    return this.loop !== null;
  }

  /** Asks for a run with the latest state; resolves when no run is wanted any more. */
  schedule(): Promise<void> {
    if (this.loop) {
      this.wanted = true;
      return this.loop;
    }
    const loop = (async () => {
      await Promise.resolve();
      do {
        this.wanted = false;
        await this.track(this.job);
      } while (this.wanted);
    })().finally(() => {
      this.loop = null;
    });
    this.loop = loop;
    void this.track(() => loop);
    return loop;
  }
}
