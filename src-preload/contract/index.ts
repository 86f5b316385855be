/**
 * The contract between renderer, preload and main. This module (and everything under it) imports
 * nothing from electron or node: all three sides share it.
 */
import type { z } from 'zod';
import { appDomain } from './domains/app';
import { profilesDomain } from './domains/profiles';
import { sessionDomain } from './domains/session';
import { credentialsDomain } from './domains/credentials';
import { auditDomain } from './domains/audit';
import { scansDomain } from './domains/scans';
import { runsDomain } from './domains/runs';
import { kiteDomain } from './domains/kite';
import { workspaceDomain } from './domains/workspace';
import { compareDomain } from './domains/compare';
import { journalDomain } from './domains/journal';
import { agentsDomain } from './domains/agents';
import type { ContractSpec, MethodSpec } from './define';
import type { Result } from './result';
import type { EventSubscriber } from './events';

export const contract = {
  app: appDomain,
  profiles: profilesDomain,
  session: sessionDomain,
  credentials: credentialsDomain,
  audit: auditDomain,
  scans: scansDomain,
  runs: runsDomain,
  kite: kiteDomain,
  workspace: workspaceDomain,
  compare: compareDomain,
  journal: journalDomain,
  agents: agentsDomain,
} as const satisfies ContractSpec;

export type Contract = typeof contract;
export type DomainName = keyof Contract;
export type MethodName<D extends DomainName> = keyof Contract[D] & string;

export const CHANNEL_PREFIX = 'premia:';

export function channelId<D extends DomainName>(domain: D, methodName: MethodName<D>): string {
  return `${CHANNEL_PREFIX}${domain}.${methodName}`;
}

export interface ChannelEntry {
  readonly channel: string;
  readonly domain: string;
  readonly method: string;
  readonly spec: MethodSpec;
}

/** Every channel of the contract, for registration and for building the client API. */
export function listChannels(): ChannelEntry[] {
  const entries: ChannelEntry[] = [];
  for (const [domain, methods] of Object.entries(contract as ContractSpec)) {
    for (const [methodName, spec] of Object.entries(methods)) {
      entries.push({
        channel: `${CHANNEL_PREFIX}${domain}.${methodName}`,
        domain,
        method: methodName,
        spec,
      });
    }
  }
  return entries;
}

type InputOf<S> = S extends MethodSpec<infer I, z.ZodType> ? z.input<I> : never;
export type OutputOf<S> = S extends MethodSpec<z.ZodType, infer O> ? z.output<O> : never;

/** What a channel takes and gives, for code that names these types (the renderer's stores). */
export type MethodInput<D extends DomainName, M extends MethodName<D>> = InputOf<Contract[D][M]>;
export type MethodOutput<D extends DomainName, M extends MethodName<D>> = OutputOf<Contract[D][M]>;

/** A method whose input schema accepts `undefined` is called with no argument. */
type Caller<S> =
  undefined extends InputOf<S>
    ? (input?: InputOf<S>) => Promise<Result<OutputOf<S>>>
    : (input: InputOf<S>) => Promise<Result<OutputOf<S>>>;

/** The typed API the renderer sees as `window.premia`. */
export type PremiaApi = {
  readonly [D in DomainName]: { readonly [M in keyof Contract[D]]: Caller<Contract[D][M]> };
} & {
  readonly events: EventSubscriber;
};

export * from './errors';
export * from './events';
export * from './result';
export * from './domains/app';
export * from './domains/profiles';
export * from './domains/session';
export * from './domains/credentials';
export * from './domains/audit';
export * from './domains/scans';
export * from './domains/runs';
export * from './domains/agents';
export * from './domains/kite';
export * from './domains/workspace';
export * from './domains/compare';
export * from './domains/journal';
export type { MethodSpec } from './define';
export * from './rules/symbol-input';
export * from './rules/profile-rules';
