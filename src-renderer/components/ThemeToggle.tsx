import { MoonIcon, SunIcon } from './icons';
import { useTheme } from '../stores/ui-stores';
import { effectiveTheme } from '../stores/theme-store';

/** Flips between light and dark; the page follows the system until the trader picks one. */
export function ThemeToggle(): React.JSX.Element {
  const theme = useTheme(effectiveTheme);
  const toggle = useTheme((state) => state.toggle);
  return (
    <button
      type="button"
      aria-pressed={theme === 'dark'}
      onClick={toggle}
      title="Toggle dark theme"
    >
      {theme === 'dark' ? <MoonIcon /> : <SunIcon />}
      Dark theme
    </button>
  );
}
