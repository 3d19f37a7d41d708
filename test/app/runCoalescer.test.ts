/**
 * The run coalescer (src/app/runCoalescer.ts) with a fake worker client whose runs the test
 * answers by hand: what the page sends to the worker and which results it shows.
 */
import { describe, expect, it } from 'vitest';
import { RunCoalescer } from '../../src/app/runCoalescer.ts';

/** A worker client whose run() resolves only when the test says so. */
class FakeWorkerClient {
  readonly sent: string[] = [];
  private pending: ((r: string) => void)[] = [];
  run(params: string): Promise<string> {
    this.sent.push(params);
    return new Promise((res) => this.pending.push(res));
  }
  /** Answers the oldest outstanding run with the result for its parameters. */
  answer(): void {
    const res = this.pending.shift();
    if (!res) throw new Error('no run outstanding');
    res(`result of ${this.sent[this.sent.length - 1 - this.pending.length]}`);
  }
  get outstanding(): number {
    return this.pending.length;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function page() {
  const client = new FakeWorkerClient();
  let params = 'p0';
  const shown: string[] = [];
  const tracked: string[] = [];
  const coalescer: RunCoalescer = new RunCoalescer(
    async () => {
      const result = await client.run(params);
      if (coalescer.stale) return; // superseded: dropped unseen
      shown.push(result);
    },
    async (job) => {
      tracked.push('start');
      try {
        return await job();
      } finally {
        tracked.push('end');
      }
    },
  );
  return { client, shown, tracked, coalescer, set: (p: string) => ((params = p), void coalescer.schedule()) };
}

describe('RunCoalescer', () => {
  it('a burst of synchronous changes sends one run, with the last parameters', async () => {
    const p = page();
    p.set('a');
    p.set('b');
    p.set('c');
    await tick();
    expect(p.client.sent).toEqual(['c']);
    p.client.answer();
    await tick();
    expect(p.shown).toEqual(['result of c']);
    expect(p.coalescer.running).toBe(false);
  });

  it('changes during a run: its result is dropped unseen and exactly one more run follows with the latest parameters', async () => {
    const p = page();
    p.set('a');
    await tick();
    expect(p.client.sent).toEqual(['a']);
    p.set('b');
    p.set('c');
    p.set('d');
    expect(p.coalescer.stale).toBe(true);
    expect(p.client.outstanding).toBe(1); // nothing more sent while the worker is busy
    p.client.answer();
    await tick();
    expect(p.client.sent).toEqual(['a', 'd']);
    expect(p.shown).toEqual([]);
    p.client.answer();
    await tick();
    expect(p.shown).toEqual(['result of d']);
    expect(p.coalescer.running).toBe(false);
  });

  it('a single change costs no waiting: the run is sent in the next microtask, and each run is tracked', async () => {
    const p = page();
    p.set('a');
    await Promise.resolve();
    await Promise.resolve();
    expect(p.client.sent).toEqual(['a']);
    p.client.answer();
    await tick();
    // The loop and the one job are tracked (busy/ready), and both have ended.
    expect(p.tracked.filter((t) => t === 'start')).toHaveLength(2);
    expect(p.tracked.filter((t) => t === 'end')).toHaveLength(2);
  });

  it('after a run has finished, a new change starts a new run', async () => {
    const p = page();
    p.set('a');
    await tick();
    p.client.answer();
    await tick();
    p.set('b');
    await tick();
    expect(p.client.sent).toEqual(['a', 'b']);
    p.client.answer();
    await tick();
    expect(p.shown).toEqual(['result of a', 'result of b']);
  });
});
