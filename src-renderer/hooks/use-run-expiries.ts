import { useEffect, useState } from 'react';
import { premiaApi } from '../api';

/**
 * The expiry dates each run actually scanned, by run id, from one main-process query. Replies
 * for a list of runs no longer on screen are dropped.
 */
export function useRunExpiries(runIds: readonly number[]): ReadonlyMap<number, readonly string[]> {
  const key = runIds.join(',');
  const [found, setFound] = useState<{
    key: string;
    expiries: ReadonlyMap<number, readonly string[]>;
  } | null>(null);
  useEffect(() => {
    const ids = key === '' ? [] : key.split(',').map(Number);
    if (ids.length === 0) return;
    let current = true;
    void premiaApi()
      .runs.expiries({ runIds: ids.slice(0, 200) })
      .then((result) => {
        if (!current || !result.ok) return;
        setFound({
          key,
          expiries: new Map(result.value.runs.map((run) => [run.runId, run.expiries])),
        });
      });
    return () => {
      current = false;
    };
  }, [key]);
  return found?.key === key ? found.expiries : EMPTY;
}

const EMPTY: ReadonlyMap<number, readonly string[]> = new Map();
