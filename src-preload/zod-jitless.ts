/**
 * The window's CSP forbids eval. zod compiles fast parsers with `new Function` when its one-time
 * probe says eval works, and the preload (like the harness bridge) runs before the CSP meta tag
 * applies, so the probe says yes and a later parse throws EvalError. Interpreted parsing is
 * plenty for the few small objects checked on this side. Imported before the contract, because
 * each schema reads the setting when it is built.
 */
import { z } from 'zod';

z.config({ jitless: true });
