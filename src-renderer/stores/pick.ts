/**
 * Subscribes a component to the named fields of a store only. `useScanStore()` with no selector
 * re-renders on every change of the store (every progress event of a scan); this re-renders only
 * when one of the named fields changes (compared one by one, as zustand's useShallow does).
 *
 *   const { chips, addSymbols } = usePick(useScanStore, 'chips', 'addSymbols');
 */
import type { StoreApi, UseBoundStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';

export function usePick<T extends object, K extends keyof T>(
  store: UseBoundStore<StoreApi<T>>,
  ...keys: K[]
): Pick<T, K> {
  return store(
    useShallow((state: T) => {
      const picked = {} as Pick<T, K>;
      for (const key of keys) picked[key] = state[key];
      return picked;
    }),
  );
}
