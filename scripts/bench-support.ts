/** Shared by the renderer benchmarks: percentiles and the timing snippets run in the page. */
import type { Page } from 'playwright-core';

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function summary(label: string, values: readonly number[]): string {
  const fmt = (value: number): string => value.toFixed(1).padStart(7);
  return (
    `${label.padEnd(30)} p50 ${fmt(percentile(values, 50))} ms   p95 ${fmt(percentile(values, 95))} ms` +
    `   max ${fmt(Math.max(...values))} ms   (n=${values.length})`
  );
}

/**
 * In the page: run `action`, then time until the first row's text changes and the frame that
 * shows it has painted. The row is looked for in each frame's animation callback, which runs
 * just before that frame's style, layout and paint: a task posted from it runs after the paint.
 * Returns that time and, from the same sample, the end of the next frame as well (what this
 * measured until session 6: one frame more than the sort and chip measure below counts).
 */
const MEASURE_CHANGE = `async (action) => {
  const firstRow = () => document.querySelector('[role="grid"] [role="row"][aria-rowindex="2"]');
  const before = firstRow()?.textContent ?? '';
  const start = performance.now();
  action();
  await new Promise((done) => {
    const check = () => {
      const row = firstRow();
      if (row && row.textContent !== before && !row.classList.contains('vt-pending')) done();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  await new Promise((done) => setTimeout(done, 0));
  const painted = performance.now() - start;
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return { painted, nextFrame: performance.now() - start };
}`;

export const SCROLL_FRAMES = `async (frames) => {
  const grid = document.querySelector('[role="grid"]');
  const intervals = [];
  let last = performance.now();
  for (let frame = 0; frame < frames; frame += 1) {
    grid.scrollTop += 1500;
    await new Promise((done) => requestAnimationFrame(done));
    const now = performance.now();
    intervals.push(now - last);
    last = now;
  }
  await new Promise((done) => setTimeout(done, 500));
  return { intervals, pending: grid.querySelectorAll('.vt-pending').length };
}`;

/**
 * In the page: run `action` (which starts a new query), then time until the grid has been busy
 * and is no longer (its first page arrived) and a frame has painted the rows.
 */
const MEASURE_REQUERY = `async (action) => {
  const grid = document.querySelector('[role="grid"]');
  const start = performance.now();
  await new Promise((done) => {
    let sawBusy = false;
    const observer = new MutationObserver(() => {
      const busy = grid.getAttribute('aria-busy') === 'true';
      if (busy) sawBusy = true;
      else if (sawBusy) {
        observer.disconnect();
        done();
      }
    });
    observer.observe(grid, { attributes: true, attributeFilter: ['aria-busy'] });
    action();
  });
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - start;
}`;

/**
 * Time from a click to the paint that first shows the new first row (opening a run), and to the
 * end of the frame after it.
 */
export async function timeToFirstRow(
  page: Page,
  click: string,
): Promise<{ painted: number; nextFrame: number }> {
  const { painted, nextFrame } = (await page.evaluate(`(${MEASURE_CHANGE})(() => ${click})`)) as {
    painted: number;
    nextFrame: number;
  };
  return { painted: Number(painted), nextFrame: Number(nextFrame) };
}

/** Time from a click that changes the query (sort, filter) to its first page on screen. */
export async function timeToRequery(page: Page, click: string): Promise<number> {
  return Number(await page.evaluate(`(${MEASURE_REQUERY})(() => ${click})`));
}
