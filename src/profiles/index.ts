// Looking up sender profiles by name. Profiles are plain data (no zod at run time); the schema
// in ./schema.ts is checked against every file by the test suite.
import type { z as Zod, ZodType } from 'zod';
import type { ProfileData } from './schema.js';
import { WdError } from '../errors.js';
import { generic } from './generic.js';
import { parapet } from './parapet.js';
import { cloudaipilot } from './cloudaipilot.js';
import { queryai } from './queryai.js';
import { particle } from './particle.js';
import { braze } from './braze.js';

export interface Profile extends ProfileData {
  factsByEntry?: Record<string, string[]>;
  /**
   * The sender's payload schema, built on demand from the zod the caller already loaded, so that
   * merely reading a profile never loads zod. `listen --profile` validates captures with it.
   */
  payloadSchema?: (z: typeof Zod) => ZodType;
}

export const profiles: readonly Profile[] = [generic, parapet, cloudaipilot, queryai, particle, braze];

export const profileNames = profiles.map((p) => p.name);

export function findProfile(name: string): Profile | undefined {
  const key = name.trim().toLowerCase().replace(/[\s_.]/g, '');
  return profiles.find((p) => p.name === key || p.name.replace(/-/g, '') === key);
}

/** The named profile, or a usage error listing the known ones. */
export function getProfile(name = 'generic'): Profile {
  const profile = findProfile(name);
  if (!profile) {
    throw new WdError('USAGE', `unknown profile "${name}"`, { hint: `known profiles: ${profileNames.join(', ')}` });
  }
  return profile;
}

/** The profile's sample payload as the exact bytes a test send uses. */
export function sampleBody(profile: Profile): Buffer {
  return Buffer.from(JSON.stringify(profile.samplePayload, null, 2) + '\n', 'utf8');
}
