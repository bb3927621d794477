import { describe, expect, it } from 'vitest';
import { EmulatorOptionError, resolveEmulatorOptions, startEmulator } from '../../src/emulator/index.js';
import { createFakeClock } from '../support/fake-clock.js';

const T0 = Date.parse('2026-06-01T12:00:00Z');

interface Order {
  orderId: string;
  createdTime: string;
  lastUpdatedTime: string;
}

describe('emulator --activity PER_MINUTE', () => {
  it('changes orders on its clock: a new order, then a step of an existing one, the sellers in turn', async () => {
    // 6 a minute: one change every 10 s of the emulator's (virtual) time.
    const clock = createFakeClock(T0);
    const emulator = await startEmulator({ clock, sellers: 2, orders: 20, activity: 6 });
    const ordersOf = async (sellerId: string): Promise<Order[]> => {
      const res = await fetch(`${emulator.url}/_emulator/orders?sellerId=${sellerId}`);
      return ((await res.json()) as { orders: Order[] }).orders;
    };
    const [a, b] = emulator.credentials.sellers.map((s) => s.sellerId) as [string, string];
    let lists: Order[][];
    try {
      // Virtual time runs on while nothing else waits: wait for a few changes of each kind.
      await expect
        .poll(async () => (await ordersOf(b)).length, { timeout: 20_000 })
        .toBeGreaterThanOrEqual(23);
      lists = [await ordersOf(a), await ordersOf(b)];
    } finally {
      await emulator.close();
    }
    const secondsAfterT0 = (iso: string) => (Date.parse(iso) - T0) / 1000;
    const [createdA, createdB] = lists.map((orders) =>
      orders.filter((o) => Date.parse(o.createdTime) > T0).map((o) => secondsAfterT0(o.createdTime)),
    ) as [number[], number[]];
    // Changes 1, 3, 5… are new orders, for seller a, b, a, b…; changes 2, 4, 6… are updates.
    expect(createdA.length).toBeGreaterThanOrEqual(3);
    expect(createdA.every((s) => s % 40 === 10)).toBe(true);
    expect(createdB.every((s) => s % 40 === 30)).toBe(true);
    const updated = lists
      .flat()
      .filter((o) => Date.parse(o.createdTime) <= T0 && Date.parse(o.lastUpdatedTime) > T0)
      .map((o) => secondsAfterT0(o.lastUpdatedTime));
    expect(updated.length).toBeGreaterThanOrEqual(2);
    expect(updated.every((s) => s % 20 === 0)).toBe(true);
  });

  it('refuses a rate it cannot keep', () => {
    expect(() => resolveEmulatorOptions({ activity: -1 })).toThrow(EmulatorOptionError);
    expect(() => resolveEmulatorOptions({ activity: 6001 })).toThrow(/--activity: got '6001'/);
    expect(resolveEmulatorOptions({ activity: 0.5 }).activity).toBe(0.5);
  });
});
