import { z } from 'zod';
import { method } from '../define';

export const HealthCheckSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  detail: z.string(),
});

export const AppInfoSchema = z.object({
  name: z.literal('Premia'),
  version: z.string(),
  runtime: z.enum(['electron', 'node']),
  platform: z.string(),
});

export const appDomain = {
  version: method(z.undefined(), AppInfoSchema),
  dataDirectory: method(z.undefined(), z.object({ path: z.string() })),
  health: method(z.undefined(), z.object({ ok: z.boolean(), checks: z.array(HealthCheckSchema) })),
};

export type AppInfo = z.infer<typeof AppInfoSchema>;
export type HealthCheck = z.infer<typeof HealthCheckSchema>;
