import { describe, expect, it } from 'vitest';
import { DUPLICATE_WINDOW_MS, ShutdownRequests } from '@actsearch/runtime';

describe('ShutdownRequests', () => {
  it('escalates graceful → fast → immediate for signals more than the window apart', () => {
    const requests = new ShutdownRequests();
    expect(requests.signal(0)).toBe('graceful');
    expect(requests.signal(DUPLICATE_WINDOW_MS)).toBe('fast');
    expect(requests.signal(2 * DUPLICATE_WINDOW_MS)).toBe('immediate');
  });

  it('counts the SIGINT npm relays a few milliseconds after the terminal’s as the same Ctrl+C', () => {
    const requests = new ShutdownRequests();
    expect(requests.signal(10_000)).toBe('graceful');
    expect(requests.signal(10_034)).toBe('duplicate');
    expect(requests.signal(10_000 + DUPLICATE_WINDOW_MS - 1)).toBe('duplicate');
    expect(requests.signal(10_000 + DUPLICATE_WINDOW_MS + 500)).toBe('fast');
    expect(requests.signal(10_000 + DUPLICATE_WINDOW_MS + 520)).toBe('duplicate');
  });

  it('measures the window from the request that started the step, so a held key does not escalate by itself', () => {
    const requests = new ShutdownRequests(1_000);
    expect(requests.signal(0)).toBe('graceful');
    for (let t = 30; t < 1_000; t += 30) expect(requests.signal(t)).toBe('duplicate');
    expect(requests.signal(1_000)).toBe('fast');
  });

  it('takes the parent going away as a graceful request, and never as an escalation', () => {
    const first = new ShutdownRequests();
    expect(first.parentGone(0)).toBe('graceful');
    expect(first.signal(5_000)).toBe('fast');

    const afterSignal = new ShutdownRequests();
    expect(afterSignal.signal(0)).toBe('graceful');
    expect(afterSignal.parentGone(5_000)).toBe('duplicate');
    expect(afterSignal.signal(6_000)).toBe('fast');
  });
});
